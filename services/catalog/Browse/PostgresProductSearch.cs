using System.Text;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Catalog.Browse;

/// <summary>
/// The built-in search engine (see <see cref="IProductSearch"/>), over the expression indexes of migration 0030:
/// terms of three or more characters by trigram LIKE on title, tags and description; one- and two-character
/// terms by the set of short substrings of title and tags (a single character in a description is mostly noise);
/// Latin words by tsvector. Relevance: a term found in the title counts 2, in the tags 1, elsewhere 0; ties go
/// to the better seller.
/// </summary>
public sealed partial class PostgresProductSearch(NpgsqlDataSource dataSource) : IProductSearch
{
    // These expressions must stay exactly as the indexes in 0030_search.sql spell them.
    private const string Doc = "catalog_search_doc(p.title, p.tags, p.description)";
    private const string ShortGrams = "catalog_short_grams(p.title, p.tags)";
    private const string LatinWords = "catalog_latin_words(" + Doc + ")";

    private const string CardColumns = """
        p.id AS productid, p.shop_id AS shopid, p.title, p.images[1] AS image, p.category_id AS categoryid,
        p.tags, p.min_price AS minprice, p.sales, p.listed_at AS listedat
        """;

    private const string CheapestSkuJoin = """
        LEFT JOIN LATERAL (
            SELECT list_price, currency FROM skus WHERE product_id = hits.productid ORDER BY price, list_price LIMIT 1
        ) AS sku ON true
        """;

    // Settable properties: Dapper's constructor matching sees text[] as System.Array and would not pick a record's constructor.
    private sealed class Hit
    {
        public Guid ProductId { get; init; }
        public Guid ShopId { get; init; }
        public string Title { get; init; } = "";
        public string? Image { get; init; }
        public int CategoryId { get; init; }
        public string[] Tags { get; init; } = [];
        public long MinPrice { get; init; }
        public long Sales { get; init; }
        public DateTime ListedAt { get; init; }
        public int Rank { get; init; }
        public long ListPrice { get; init; }
        public string Currency { get; init; } = "";
    }

    public async Task<SearchPage> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default)
    {
        if (await TopTitleTierAsync(query, cancellationToken) is { } firstPage) return firstPage;

        var parameters = new DynamicParameters(new { take = query.Limit + 1 });
        var where = new List<string> { "p.status = 'listed'" };
        var rank = new List<string>();
        AddTerms(query.Terms, where, rank, parameters);
        if (query.CategoryIds is not null)
        {
            where.Add("p.category_id = ANY(@categoryIds)");
            parameters.Add("categoryIds", query.CategoryIds.ToArray());
        }

        if (query.ShopId is not null)
        {
            where.Add("p.shop_id = @shopId");
            parameters.Add("shopId", query.ShopId);
        }

        var (order, after) = Ordering(query.Sort);
        var afterCondition = "true";
        if (query.After is { } cursor)
        {
            afterCondition = after;
            parameters.Add("afterId", cursor.Id);
            parameters.Add("after0", query.Sort == BrowseSort.Newest ? new DateTime(cursor.Keys[0], DateTimeKind.Utc) : cursor.Keys[0]);
            if (cursor.Keys.Length > 1) parameters.Add("after1", cursor.Keys[1]);
        }

        var rankSql = rank.Count == 0 ? "0" : string.Join(" + ", rank);
        var sql = $"""
            SELECT hits.*, coalesce(sku.list_price, hits.minprice) AS listprice, coalesce(sku.currency, 'CNY') AS currency
            FROM (
                SELECT * FROM (
                    SELECT {CardColumns}, {rankSql} AS rank
                    FROM products p
                    WHERE {string.Join("\n  AND ", where)}
                ) AS matched
                WHERE {afterCondition}
                ORDER BY {order}
                LIMIT @take
            ) AS hits
            {CheapestSkuJoin}
            ORDER BY {order}
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Hit>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).ToList();
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? CursorAfter(page[^1], query.Sort) : null;
        return new SearchPage(page.Select(Card).ToList(), next);
    }

    private static void AddTerms(SearchTerms terms, List<string> where, List<string> rank, DynamicParameters parameters)
    {
        var shortTerms = terms.Substrings.Where(term => term.EnumerateRunes().Count() <= 2).ToArray();
        if (shortTerms.Length > 0)
        {
            where.Add($"{ShortGrams} @> @shortTerms");
            parameters.Add("shortTerms", shortTerms);
        }

        for (var i = 0; i < terms.Substrings.Count; i++)
        {
            var term = terms.Substrings[i];
            parameters.Add($"term{i}", SearchTerms.ContainsPattern(term));
            // Case matters only for Latin letters inside a term; LIKE on Chinese needs no lower-casing.
            var (title, tags) = term.Any(char.IsAsciiLetter)
                ? ("p.title ILIKE", "lower(array_to_string(p.tags, ' ')) LIKE")
                : ("p.title LIKE", "array_to_string(p.tags, ' ') LIKE");
            // One trigram index over the whole document: a title hit is a document hit, and one index scan measured
            // cheaper than OR-ing in the title's own index (two bitmap scans for every rare term). The first page of
            // a common term rarely gets here (PostgresProductSearch.TitleTier.cs).
            if (!shortTerms.Contains(term)) where.Add($"{Doc} LIKE @term{i}");
            rank.Add($"CASE WHEN {title} @term{i} THEN 2 WHEN {tags} @term{i} THEN 1 ELSE 0 END");
        }

        if (terms.LatinWords.Count > 0)
        {
            where.Add($"{LatinWords} @@ to_tsquery('simple', @latin)");
            parameters.Add("latin", terms.LatinQuery());
            rank.Add("""
                CASE WHEN catalog_latin_words(lower(p.title)) @@ to_tsquery('simple', @latin) THEN 2
                     WHEN catalog_latin_words(lower(array_to_string(p.tags, ' '))) @@ to_tsquery('simple', @latin) THEN 1 ELSE 0 END
                """);
        }
    }

    // One direction per sort, so "after the cursor" is a single row comparison an index can serve (the planner
    // flattens the subquery, so the comparison reaches the products indexes of 0030).
    private static (string Order, string After) Ordering(BrowseSort sort) => sort switch
    {
        BrowseSort.Relevance => ("rank DESC, sales DESC, productid DESC", "(rank, sales, productid) < (@after0, @after1, @afterId)"),
        BrowseSort.Newest => ("listedat DESC, productid DESC", "(listedat, productid) < (@after0, @afterId)"),
        BrowseSort.PriceAsc => ("minprice, productid", "(minprice, productid) > (@after0, @afterId)"),
        BrowseSort.PriceDesc => ("minprice DESC, productid DESC", "(minprice, productid) < (@after0, @afterId)"),
        BrowseSort.Sales => ("sales DESC, productid DESC", "(sales, productid) < (@after0, @afterId)"),
        _ => throw new ArgumentOutOfRangeException(nameof(sort)),
    };

    private static BrowseCursor CursorAfter(Hit last, BrowseSort sort) => sort switch
    {
        BrowseSort.Relevance => new(sort, [last.Rank, last.Sales], last.ProductId),
        BrowseSort.Newest => new(sort, [last.ListedAt.Ticks], last.ProductId),
        BrowseSort.PriceAsc or BrowseSort.PriceDesc => new(sort, [last.MinPrice], last.ProductId),
        _ => new(sort, [last.Sales], last.ProductId),
    };

    private static ProductCard Card(Hit hit) => new(
        hit.ProductId, hit.ShopId, hit.Title, hit.Image, hit.CategoryId, hit.Tags, new Money(hit.MinPrice, hit.Currency),
        new Money(hit.ListPrice, hit.Currency), hit.Sales);
}
