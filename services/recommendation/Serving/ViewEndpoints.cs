using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Recommendation.Serving;

public sealed record ViewBatch(IReadOnlyList<Guid>? ProductIds);

/// <summary>
/// Clients report the products a shopper looked at, a batch at a time. A view is the weakest signal and counts once per user,
/// product and hour, so a page reloaded all afternoon is a few views, not hundreds. The gateway's per-user rate limit bounds
/// how often a client may call.
/// </summary>
public static class ViewEndpoints
{
    public const int MaxBatch = 50;

    public static RouteGroupBuilder MapViewEndpoints(this RouteGroupBuilder recommendation)
    {
        recommendation.MapPost("/views", Record).RequireAuthorization(Policies.User)
            .WithTag("Views", "Products the shopper looked at, reported by clients in batches.")
            .WithName("recordViews").WithSummary("Report products I viewed (at most 50 a batch)")
            .WithRequestExample(new ViewBatch([Guid.Parse("0190a0c4-0000-7000-8000-000000000001")]));
        return recommendation;
    }

    public static async Task<Results<Accepted, ValidationProblem>> Record(ViewBatch batch, HttpContext context, NpgsqlDataSource dataSource, TimeProvider time)
    {
        var productIds = batch.ProductIds?.Distinct().ToArray() ?? [];
        var validator = new Validator()
            .Check(productIds.Length > 0, "productIds", "must name at least one product")
            .Check(productIds.Length <= MaxBatch, "productIds", $"must name at most {MaxBatch} products");
        if (!validator.IsValid) return validator.ToProblem();

        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var known = (await connection.QueryAsync<Guid>("SELECT id FROM products WHERE id = ANY(@productIds)", new { productIds })).ToHashSet();
        var unknown = productIds.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0) return validator.Check(false, "productIds", $"unknown products: {string.Join(", ", unknown)}").ToProblem();

        var now = time.GetUtcNow();
        var hour = now.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        await Signals.RecordAsync(connection, context.User.UserId(), productIds, Signals.View, hour, Signals.ViewWeight, now);
        return TypedResults.Accepted((string?)null);
    }
}
