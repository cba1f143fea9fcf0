using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// The bindings, share-code owners and promoters a batch of paid orders needs, read in a few set queries instead of a few
/// per order; <see cref="OrderPaidConsumer"/> walks the chains in memory.
/// </summary>
public sealed class ReferralChains
{
    private readonly Dictionary<Guid, (Guid ReferrerId, DateTime BoundAt, DateTime ExpiresAt)> bindings = [];
    private readonly Dictionary<string, Guid> codeOwners = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> promoters = [];

    public static async Task<ReferralChains> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OrderPaid> orders, bool needPromoters)
    {
        var chains = new ReferralChains();
        var buyers = orders.Select(order => order.UserId).Distinct().ToArray();
        await chains.LoadBindingsAsync(connection, transaction, buyers);
        var codes = orders.Where(order => chains.ReferrerAt(order.UserId, order.PaidAt) is null && order.ReferralCode is { Length: > 0 and <= 16 })
            .Select(order => order.ReferralCode!.ToUpperInvariant()).Distinct().ToArray();
        if (codes.Length > 0)
        {
            foreach (var (userId, code) in await connection.QueryAsync<(Guid, string)>(
                         "SELECT user_id, code FROM invite_codes WHERE code = ANY(@codes)", new { codes }, transaction))
            {
                chains.codeOwners[code] = userId;
            }
        }

        if (needPromoters)
        {
            chains.promoters.UnionWith(await connection.QueryAsync<Guid>(
                "SELECT DISTINCT referrer_id FROM bindings WHERE referrer_id = ANY(@buyers)", new { buyers }, transaction));
        }

        // Tier 2 is the binding of whoever is tier 1: a referrer, a share code's owner, or a promoter buying.
        var tier1 = chains.bindings.Values.Select(b => b.ReferrerId).Concat(chains.codeOwners.Values).Concat(chains.promoters)
            .Where(id => !chains.bindings.ContainsKey(id)).Distinct().ToArray();
        await chains.LoadBindingsAsync(connection, transaction, tier1);
        return chains;
    }

    /// <summary>The user's referrer while the binding is valid at <paramref name="at"/>.</summary>
    public Guid? ReferrerAt(Guid userId, DateTimeOffset at) =>
        bindings.TryGetValue(userId, out var binding) && binding.BoundAt <= at.UtcDateTime && binding.ExpiresAt > at.UtcDateTime
            ? binding.ReferrerId
            : null;

    public Guid? CodeOwner(string? code) =>
        code is { Length: > 0 and <= 16 } && codeOwners.TryGetValue(code.ToUpperInvariant(), out var owner) ? owner : null;

    public bool IsPromoter(Guid userId) => promoters.Contains(userId);

    private async Task LoadBindingsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] users)
    {
        if (users.Length == 0) return;
        foreach (var (userId, referrerId, boundAt, expiresAt) in await connection.QueryAsync<(Guid, Guid, DateTime, DateTime)>(
                     "SELECT user_id, referrer_id, bound_at, expires_at FROM bindings WHERE user_id = ANY(@users)", new { users }, transaction))
        {
            bindings[userId] = (referrerId, boundAt, expiresAt);
        }
    }
}
