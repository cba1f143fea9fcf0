using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Fraud;

/// <param name="Signal">The device id, or "{referrerId}:{phone prefix}".</param>
/// <param name="Users">The accounts whose bindings the flag holds.</param>
/// <param name="HeldCommission">Frozen commission on orders whose chain runs through those bindings.</param>
public sealed record FraudFlag(
    Guid FlagId, string Reason, string Signal, DateTimeOffset RaisedAt, DateTimeOffset? ClearedAt, string? Note, Guid[] Users, Money HeldCommission);

public sealed record ClearRequest(string? Note);

/// <summary>Admin: the fraud flags (open first) and clearing one, which lets its held commission settle at the next tick.</summary>
public static class FlagEndpoints
{
    public const int MaxNoteLength = 500;

    public static RouteGroupBuilder MapFlagEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/flags", List).WithTags("Anti-fraud");
        admin.MapPost("/flags/{flagId:guid}/clear", Clear).WithTags("Anti-fraud");
        return admin;
    }

    public static async Task<Results<Ok<IReadOnlyList<FraudFlag>>, ValidationProblem>> List(string? status, NpgsqlDataSource dataSource)
    {
        var validator = new Validator().Check(status is null or "open" or "cleared", "status", "must be open or cleared");
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
        var flags = await connection.QueryAsync<Row>(
            """
            SELECT f.id AS flagid, f.reason, f.signal, f.raised_at AS raisedat, f.cleared_at AS clearedat, f.note,
                   array_agg(fb.user_id ORDER BY fb.user_id) AS users,
                   (SELECT coalesce(sum(e.amount), 0) FROM commission_entries e
                    WHERE e.status = 'frozen' AND (e.buyer_id = ANY(array_agg(fb.user_id))
                       OR e.order_id IN (SELECT t.order_id FROM commission_entries t
                                         WHERE t.kind = 'accrual' AND t.tier = 1 AND t.beneficiary_id = ANY(array_agg(fb.user_id)))))::bigint AS held
            FROM fraud_flags f JOIN flagged_bindings fb ON fb.flag_id = f.id
            WHERE (f.cleared_at IS NULL) = @open
            GROUP BY f.id ORDER BY f.raised_at DESC LIMIT 200
            """,
            new { open = status != "cleared" });
        return TypedResults.Ok<IReadOnlyList<FraudFlag>>(flags.Select(row => row.ToFlag()).ToList());
    }

    /// <summary>200 cleared; 404 unknown; 409 cleared before.</summary>
    public static async Task<Results<Ok<FraudFlag>, ValidationProblem, ProblemHttpResult>> Clear(
        Guid flagId, ClearRequest request, HttpContext context, NpgsqlDataSource dataSource, TimeProvider time)
    {
        var validator = new Validator().MaxLength("note", request.Note, MaxNoteLength);
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
        var cleared = await connection.ExecuteAsync(
            "UPDATE fraud_flags SET cleared_at = @now, cleared_by = @by, note = @Note WHERE id = @flagId AND cleared_at IS NULL",
            new { flagId, now = time.GetUtcNow(), by = context.User.UserId(), request.Note });
        var flag = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT f.id AS flagid, f.reason, f.signal, f.raised_at AS raisedat, f.cleared_at AS clearedat, f.note,
                   array_agg(fb.user_id ORDER BY fb.user_id) AS users, 0::bigint AS held
            FROM fraud_flags f JOIN flagged_bindings fb ON fb.flag_id = f.id WHERE f.id = @flagId GROUP BY f.id
            """,
            new { flagId });
        if (flag is null) return Problems.NotFound("No such flag.");
        if (cleared == 0) return Problems.Conflict("The flag was cleared before.", "already-cleared");
        ReferralMetrics.FlagCleared(flag.Reason);
        return TypedResults.Ok(flag.ToFlag());
    }

    // A class, not a positional record: Dapper reports a uuid[] column as System.Array, which only a property setter accepts.
    private sealed class Row
    {
        public Guid FlagId { get; init; }
        public string Reason { get; init; } = "";
        public string Signal { get; init; } = "";
        public DateTime RaisedAt { get; init; }
        public DateTime? ClearedAt { get; init; }
        public string? Note { get; init; }
        public Guid[] Users { get; init; } = [];
        public long Held { get; init; }

        public FraudFlag ToFlag() => new(
            FlagId, Reason, Signal, new DateTimeOffset(RaisedAt, TimeSpan.Zero), ClearedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
            Note, Users, Money.Fen(Held));
    }
}
