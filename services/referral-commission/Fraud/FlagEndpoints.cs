using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Fraud;

/// <param name="Signal">The device id, or "{referrerId}:{phone prefix}".</param>
/// <param name="Resolution">Null while open; cleared or confirmed once decided.</param>
/// <param name="Users">The accounts whose bindings the flag holds.</param>
/// <param name="HeldCommission">Frozen commission on orders whose chain runs through those bindings.</param>
public sealed record FraudFlag(
    Guid FlagId, string Reason, string Signal, DateTimeOffset RaisedAt, DateTimeOffset? DecidedAt, string? Resolution, string? Note, Guid[] Users,
    Money HeldCommission);

public sealed record DecisionRequest(string? Note);

/// <summary>
/// Admin: the fraud flags, and deciding one once: clear (the held commission settles at the next tick) or confirm as fraud
/// (the commission through its bindings is reversed, <see cref="FraudReversal"/>, and the bindings stop earning).
/// </summary>
public static class FlagEndpoints
{
    public const int MaxNoteLength = 500;

    public static RouteGroupBuilder MapFlagEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/flags", List).WithTags("Anti-fraud");
        admin.MapPost("/flags/{flagId:guid}/clear", Clear).WithTags("Anti-fraud");
        admin.MapPost("/flags/{flagId:guid}/confirm", Confirm).WithTags("Anti-fraud");
        return admin;
    }

    public static async Task<Results<Ok<IReadOnlyList<FraudFlag>>, ValidationProblem>> List(string? status, NpgsqlDataSource dataSource)
    {
        var validator = new Validator().Check(status is null or "open" or "cleared" or "confirmed", "status", "must be open, cleared or confirmed");
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
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
            new { status = status ?? "open" });
        return TypedResults.Ok<IReadOnlyList<FraudFlag>>(flags.Select(row => row.ToFlag()).ToList());
    }

    /// <summary>200 cleared; 404 unknown; 409 decided before.</summary>
    public static Task<Results<Ok<FraudFlag>, ValidationProblem, ProblemHttpResult>> Clear(
        Guid flagId, DecisionRequest request, HttpContext context, NpgsqlDataSource dataSource, TimeProvider time) =>
        DecideAsync(flagId, "cleared", request, context, dataSource, time);

    /// <summary>200 confirmed, its commission reversed; 404 unknown; 409 decided before.</summary>
    public static Task<Results<Ok<FraudFlag>, ValidationProblem, ProblemHttpResult>> Confirm(
        Guid flagId, DecisionRequest request, HttpContext context, NpgsqlDataSource dataSource, TimeProvider time) =>
        DecideAsync(flagId, "confirmed", request, context, dataSource, time);

    private static async Task<Results<Ok<FraudFlag>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid flagId, string resolution, DecisionRequest request, HttpContext context, NpgsqlDataSource dataSource, TimeProvider time)
    {
        var validator = new Validator().MaxLength("note", request.Note, MaxNoteLength);
        if (!validator.IsValid) return validator.ToProblem();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var decided = await connection.ExecuteAsync(
            """
            UPDATE fraud_flags SET decided_at = @now, decided_by = @by, resolution = @resolution, note = @Note
            WHERE id = @flagId AND decided_at IS NULL
            """,
            new { flagId, now, by = context.User.UserId(), resolution, request.Note }, transaction);
        var flag = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT f.id AS flagid, f.reason, f.signal, f.raised_at AS raisedat, f.decided_at AS decidedat, f.resolution, f.note,
                   array_agg(fb.user_id ORDER BY fb.user_id) AS users, 0::bigint AS held
            FROM fraud_flags f JOIN flagged_bindings fb ON fb.flag_id = f.id WHERE f.id = @flagId GROUP BY f.id
            """,
            new { flagId }, transaction);
        if (flag is null) return Problems.NotFound("No such flag.");
        if (decided == 0) return Problems.Conflict($"The flag was {flag.Resolution} before.", "already-decided");
        if (resolution == "confirmed") await FraudReversal.ApplyAsync(connection, transaction, flag.Users, now);
        await transaction.CommitAsync();
        ReferralMetrics.FlagDecided(flag.Reason, resolution);
        return TypedResults.Ok(flag.ToFlag());
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
