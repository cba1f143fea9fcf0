using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.ReferralCommission.Withdrawals;

/// <param name="Withdrawing">Asked for and not paid out yet: out of available, not yet withdrawn.</param>
public sealed record Balance(Money Frozen, Money Available, Money Withdrawn, Money Withdrawing);

/// <summary>
/// A user's balance, always the sum of their ledger lines, computed when asked: commission lines by the bucket they count in,
/// less pending and paid withdrawals (a failed one stops counting, which is how its money comes back). Available can be
/// negative: a clawback of commission already withdrawn is repaid by later commission.
/// </summary>
public static class Balances
{
    public static async Task<Balance> OfAsync(NpgsqlConnection connection, Guid userId, NpgsqlTransaction? transaction = null)
    {
        var sums = await connection.QuerySingleAsync<(long Frozen, long Available, long Withdrawn, long Withdrawing)>(
            """
            WITH commission AS (
                SELECT coalesce(sum(amount) FILTER (WHERE status = 'frozen'), 0) AS frozen,
                       coalesce(sum(amount) FILTER (WHERE status = 'available'), 0) AS available
                FROM commission_entries WHERE beneficiary_id = @userId
            ), withdrawn AS (
                SELECT coalesce(sum(amount) FILTER (WHERE status = 'paid'), 0) AS paid,
                       coalesce(sum(amount) FILTER (WHERE status = 'pending'), 0) AS pending
                FROM withdrawals WHERE user_id = @userId
            )
            SELECT c.frozen::bigint, (c.available - w.paid - w.pending)::bigint, w.paid::bigint, w.pending::bigint FROM commission c, withdrawn w
            """,
            new { userId }, transaction);
        return new Balance(Money.Fen(sums.Frozen), Money.Fen(sums.Available), Money.Fen(sums.Withdrawn), Money.Fen(sums.Withdrawing));
    }
}
