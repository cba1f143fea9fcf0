using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Bindings;

/// <param name="Nickname">Masked (<see cref="Nicknames"/>): a referrer never learns who exactly their referrals are.</param>
/// <param name="Active">Still earning: bound and not past the binding days.</param>
/// <param name="Referrals">How many the referral brought in themselves (the referrer's tier 2).</param>
public sealed record MyReferral(string Nickname, string Source, DateTimeOffset BoundAt, DateTimeOffset ExpiresAt, bool Active, int Referrals);

public sealed record MyReferralPage(IReadOnlyList<MyReferral> Items, int Total, string? NextCursor);

/// <summary>GET /me/referrals: who the caller brought in, masked, newest first (cursor = how many to skip).</summary>
public static class ReferralEndpoints
{
    public static RouteGroupBuilder MapReferralEndpoints(this RouteGroupBuilder referral)
    {
        referral.MapGet("/me/referrals", Mine).WithTags("Bindings").WithSummary("The people I referred");
        return referral;
    }

    public static async Task<Results<Ok<MyReferralPage>, ValidationProblem>> Mine(
        int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, TimeProvider time)
    {
        var skip = 0;
        var validator = new Validator()
            .Check(limit is null or (>= 1 and <= 100), "limit", "must be between 1 and 100")
            .Check(cursor is null || (int.TryParse(cursor, out skip) && skip >= 0), "cursor", "is not a cursor this API returned");
        if (!validator.IsValid) return validator.ToProblem();
        var take = limit ?? 20;
        await using var connection = await dataSource.OpenConnectionAsync();
        var (items, total) = await Bindings.ReferredByAsync(connection, context.User.UserId(), skip, take, time.GetUtcNow());
        return TypedResults.Ok(new MyReferralPage(items, total, skip + take < total ? (skip + take).ToString() : null));
    }
}
