using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.ReferralCommission.Fraud;

public enum FlagDecision { Decided, NotFound, AlreadyDecided }

/// <summary>
/// The flags <see cref="FraudChecks"/> raised, as admins see them, and their decision: once, by a guarded UPDATE; a
/// confirmation reverses the commission through the flag's bindings (<see cref="FraudReversal"/>) in the same transaction.
/// </summary>
public static class FraudFlags
{
    public static async Task<IReadOnlyList<FraudFlag>> ListAsync(NpgsqlConnection connection, string status)
    {
        var flags = await connection.QueryAsync<Row>(
            """
            SELECT f.id AS flagid, f.reason, f.signal, f.raised_at AS raisedat, f.decided_at AS decidedat, f.resolution, f.note,
                   array_agg(fb.user_id ORDER BY fb.user_id) AS users,
                   (SELECT coalesce(sum(e.amount), 0) FROM commission_entries e
                    WHERE e.status = 'frozen' AND (e.buyer_id = ANY(array_agg(fb.user_id))
                       OR e.order_id IN (SELECT t.order_id FROM commission_entries t
                                         WHERE t.kind = 'accrual' AND t.tier = 1 AND t.beneficiary_id = ANY(array_agg(fb.user_id)))))::bigint AS held
            FROM fraud_flags f JOIN flagged_bindings fb ON fb.flag_id = f.id
            WHERE coalesce(f.resolution, 'open') = @status
            GROUP BY f.id ORDER BY f.raised_at DESC LIMIT 200
            """,
            new { status });
        return flags.Select(row => row.ToFlag()).ToList();
    }

    /// <param name="resolution">cleared or confirmed.</param>
    public static async Task<(FlagDecision Outcome, FraudFlag? Flag)> DecideAsync(
        NpgsqlConnection connection, Guid flagId, string resolution, string? note, Guid decidedBy, DateTimeOffset now, ReferralMetrics metrics)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var decided = await connection.ExecuteAsync(
            """
            UPDATE fraud_flags SET decided_at = @now, decided_by = @decidedBy, resolution = @resolution, note = @note
            WHERE id = @flagId AND decided_at IS NULL
            """,
            new { flagId, now, decidedBy, resolution, note }, transaction);
        var flag = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT f.id AS flagid, f.reason, f.signal, f.raised_at AS raisedat, f.decided_at AS decidedat, f.resolution, f.note,
                   array_agg(fb.user_id ORDER BY fb.user_id) AS users, 0::bigint AS held
            FROM fraud_flags f JOIN flagged_bindings fb ON fb.flag_id = f.id WHERE f.id = @flagId GROUP BY f.id
            """,
            new { flagId }, transaction);
        if (flag is null) return (FlagDecision.NotFound, null);
        if (decided == 0) return (FlagDecision.AlreadyDecided, flag.ToFlag());
        if (resolution == "confirmed") await FraudReversal.ApplyAsync(connection, transaction, flag.Users, now, metrics);
        await transaction.CommitAsync();
        metrics.FlagDecided(flag.Reason, resolution);
        return (FlagDecision.Decided, flag.ToFlag());
    }

    // A class, not a positional record: Dapper reports a uuid[] column as System.Array, which only a property setter accepts.
    private sealed class Row
    {
        public Guid FlagId { get; init; }
        public string Reason { get; init; } = "";
        public string Signal { get; init; } = "";
        public DateTime RaisedAt { get; init; }
        public DateTime? DecidedAt { get; init; }
        public string? Resolution { get; init; }
        public string? Note { get; init; }
        public Guid[] Users { get; init; } = [];
        public long Held { get; init; }

        public FraudFlag ToFlag() => new(
            FlagId, Reason, Signal, new DateTimeOffset(RaisedAt, TimeSpan.Zero), DecidedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
            Resolution, Note, Users, Money.Fen(Held));
    }
}
