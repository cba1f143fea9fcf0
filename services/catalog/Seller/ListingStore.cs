using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Seller;

public enum ListingOutcome { Done, NotFound, WrongState }

/// <summary>
/// The listing workflow: draft/rejected/delisted → pending-review → listed or rejected (moderation decides),
/// listed → delisted. Each transition locks or guards the product row on its current state, and its event goes
/// through the outbox in the same transaction.
/// </summary>
public sealed class ListingStore(NpgsqlDataSource dataSource, TimeProvider time, IOptions<CatalogOptions> options)
{
    private const string Listed = ProductStatus.Listed;

    /// <summary>
    /// Sends a new revision to moderation. With <see cref="CatalogOptions.AutoApproveListings"/> (deployments
    /// that run no moderation service yet, e.g. Development) the product is listed at once instead.
    /// </summary>
    public async Task<ListingOutcome> SubmitAsync(Guid shopId, Guid merchantId, Guid productId)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var product = await connection.QuerySingleOrDefaultAsync<ProductRow>(
            $"SELECT {ProductRows.ProductColumns} FROM products WHERE id = @productId AND shop_id = @shopId FOR UPDATE",
            new { productId, shopId }, transaction);
        if (product is null) return ListingOutcome.NotFound;
        if (product.Status is not (ProductStatus.Draft or ProductStatus.Rejected or ProductStatus.Delisted)) return ListingOutcome.WrongState;

        var autoApprove = options.Value.AutoApproveListings;
        await connection.ExecuteAsync(
            """
            UPDATE products SET status = @status, revision = revision + 1, moderation_reasons = '{}', moderation_case_id = NULL, updated_at = @now,
                listed_at = CASE WHEN @status = 'listed' THEN @now ELSE listed_at END
            WHERE id = @productId
            """,
            new { productId, now, status = autoApprove ? Listed : ProductStatus.PendingReview }, transaction);
        if (autoApprove)
        {
            await Outbox.AddAsync(connection, transaction, ListedEvent(product, now));
        }
        else
        {
            await Outbox.AddAsync(connection, transaction, new ProductSubmittedForReview(
                productId, product.Revision + 1, shopId, merchantId, product.Title, product.Description, product.Tags, product.Images, now));
        }

        await transaction.CommitAsync();
        return ListingOutcome.Done;
    }

    public async Task<ListingOutcome> DelistAsync(Guid shopId, Guid productId)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var status = await connection.ExecuteScalarAsync<string?>(
            "SELECT status FROM products WHERE id = @productId AND shop_id = @shopId FOR UPDATE", new { productId, shopId }, transaction);
        if (status is null) return ListingOutcome.NotFound;
        if (status != Listed) return ListingOutcome.WrongState;

        await connection.ExecuteAsync(
            "UPDATE products SET status = 'delisted', updated_at = @now WHERE id = @productId", new { productId, now }, transaction);
        await Outbox.AddAsync(connection, transaction, new ProductDelisted(productId, shopId, now));
        await transaction.CommitAsync();
        return ListingOutcome.Done;
    }

    /// <summary>
    /// An erased merchant's shop leaves sale: every product listed, waiting for review or rejected (an appeal could list it)
    /// is delisted, and ProductDelisted goes out for those that were on sale. Drafts stay drafts; nobody can submit them.
    /// </summary>
    /// <returns>How many products were taken off.</returns>
    public static async Task<int> DelistMerchantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid merchantId, DateTimeOffset now)
    {
        var delisted = (await connection.QueryAsync<(Guid ProductId, Guid ShopId, string Was)>(
            """
            WITH target AS (
                SELECT p.id, p.shop_id, p.status FROM products p JOIN shops s ON s.id = p.shop_id
                WHERE s.merchant_id = @merchantId AND p.status IN ('listed', 'pending-review', 'rejected')
                ORDER BY p.id
                FOR UPDATE OF p
            )
            UPDATE products p SET status = 'delisted', updated_at = @now
            FROM target t WHERE p.id = t.id
            RETURNING t.id, t.shop_id, t.status
            """,
            new { merchantId, now }, transaction)).ToList();
        await Outbox.AddManyAsync(connection, transaction,
            delisted.Where(product => product.Was == Listed).Select(product => new ProductDelisted(product.ProductId, product.ShopId, now)).ToList());
        return delisted.Count;
    }

    /// <summary>
    /// Moderation approved <paramref name="revision"/>: at review, or on appeal of a rejection (the revision is unchanged
    /// only while the merchant has not edited since). A decision about any other revision is stale and changes nothing.
    /// </summary>
    public static async Task<bool> ApproveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid productId, int revision, DateTimeOffset now)
    {
        var product = await connection.QuerySingleOrDefaultAsync<ProductRow>(
            $"""
            UPDATE products SET status = 'listed', listed_at = @now, updated_at = @now, moderation_reasons = ARRAY[]::text[]
            WHERE id = @productId AND status IN ('pending-review', 'rejected') AND revision = @revision
            RETURNING {ProductRows.ProductColumns}
            """,
            new { productId, revision, now }, transaction);
        if (product is null) return false;
        await Outbox.AddAsync(connection, transaction, ListedEvent(product, now));
        return true;
    }

    /// <summary>Rejected at review or screening; a rejected appeal replaces the reasons the merchant sees.</summary>
    public static async Task<bool> RejectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid productId, int revision, IReadOnlyList<string> reasons,
        Guid? caseId, DateTimeOffset now)
    {
        var updated = await connection.ExecuteAsync(
            """
            UPDATE products SET status = 'rejected', moderation_reasons = @reasons, updated_at = @now,
                moderation_case_id = coalesce(@caseId, moderation_case_id)
            WHERE id = @productId AND status IN ('pending-review', 'rejected') AND revision = @revision
            """,
            new { productId, revision, reasons = reasons.ToArray(), caseId, now }, transaction);
        return updated == 1;
    }

    /// <summary>Held for a moderator: still pending review, now with the reasons and the case the merchant can follow.</summary>
    public static async Task<bool> HoldAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid productId, int revision, IReadOnlyList<string> reasons,
        Guid caseId, DateTimeOffset now)
    {
        var updated = await connection.ExecuteAsync(
            """
            UPDATE products SET moderation_reasons = @reasons, moderation_case_id = @caseId, updated_at = @now
            WHERE id = @productId AND status = 'pending-review' AND revision = @revision
            """,
            new { productId, revision, reasons = reasons.ToArray(), caseId, now }, transaction);
        return updated == 1;
    }

    private static ProductListed ListedEvent(ProductRow product, DateTimeOffset now) =>
        new(product.Id, product.ShopId, product.CategoryId, product.Title, product.Tags, product.MinPrice, Money.Cny, now, product.Images.FirstOrDefault());
}
