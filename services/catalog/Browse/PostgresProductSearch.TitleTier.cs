using Dapper;

namespace SocialCommerce.Catalog.Browse;

/// <summary>
/// The first relevance page of a common term without ranking every match (brief P7). Relevance orders by rank,
/// then sales, then id, and a product with every term in its title has the highest rank there is. So if the best
/// sellers (a window of them, taken from the sales index) already hold a page of such products, that page is
/// exactly the page the full query would return: any title match outside the window sells less than every one
/// inside it. A common term (茶: one title in eight) fills the page from the window in a few hundred rows; a rare
/// term does not, and falls through to the full query, which is fast precisely because there are few matches.
/// </summary>
public sealed partial class PostgresProductSearch
{
    // Large enough that a term in one title of a hundred fills a page from it, small enough that a rare term's miss
    // costs a few milliseconds before the full query runs.
    private const int BestSellerWindow = 2000;

    private async Task<SearchPage?> TopTitleTierAsync(ProductQuery query, CancellationToken cancellationToken)
    {
        var terms = query.Terms.Substrings;
        if (query.Sort != BrowseSort.Relevance || query.After is not null || terms.Count == 0 || query.Terms.LatinWords.Count > 0)
        {
            return null;
        }

        var parameters = new DynamicParameters(new { take = query.Limit + 1, window = BestSellerWindow, topRank = 2 * terms.Count });
        var filters = new List<string> { "p.status = 'listed'" };
        if (query.CategoryIds is not null)
        {
            filters.Add("p.category_id = ANY(@categoryIds)");
            parameters.Add("categoryIds", query.CategoryIds.ToArray());
        }

        if (query.ShopId is not null)
        {
            filters.Add("p.shop_id = @shopId");
            parameters.Add("shopId", query.ShopId);
        }

        var titleTests = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            parameters.Add($"term{i}", SearchTerms.ContainsPattern(terms[i]));
            titleTests.Add(terms[i].Any(char.IsAsciiLetter) ? $"p.title ILIKE @term{i}" : $"p.title LIKE @term{i}");
        }

        var sql = $"""
            SELECT hits.*, coalesce(sku.list_price, hits.minprice) AS listprice, coalesce(sku.currency, 'CNY') AS currency
            FROM (
                SELECT {CardColumns}, @topRank AS rank
                FROM (
                    -- Only the columns the title test needs: reading whole rows for the window tripled its cost.
                    SELECT p.id, p.title, p.sales FROM products p WHERE {string.Join(" AND ", filters)}
                    ORDER BY p.sales DESC, p.id DESC LIMIT @window
                ) AS best
                JOIN products p ON p.id = best.id
                WHERE {string.Join(" AND ", titleTests).Replace("p.title", "best.title")}
                ORDER BY best.sales DESC, best.id DESC
                LIMIT @take
            ) AS hits
            {CheapestSkuJoin}
            ORDER BY hits.sales DESC, hits.productid DESC
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Hit>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).ToList();
        if (rows.Count <= query.Limit) return null;

        var page = rows.Take(query.Limit).ToList();
        return new SearchPage(page.Select(Card).ToList(), CursorAfter(page[^1], query.Sort));
    }
}
