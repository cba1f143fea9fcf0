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
        admin.MapGet("/flags", List)
            .WithTag("Anti-fraud", "Commissions held by fraud checks (self-referral, device and address overlap); admins clear or confirm them.")
            .WithSummary("Held commissions to review");
        admin.MapPost("/flags/{flagId:guid}/clear", Clear).WithTags("Anti-fraud").WithSummary("Clear a flag: the commission accrues")
            .ProducesConflict("already-decided");
        admin.MapPost("/flags/{flagId:guid}/confirm", Confirm).WithTags("Anti-fraud").WithSummary("Confirm fraud: the commission is reversed")
            .ProducesConflict("already-decided");
        return admin;
    }

    public static async Task<Results<Ok<IReadOnlyList<FraudFlag>>, ValidationProblem>> List(string? status, NpgsqlDataSource dataSource)
    {
        var validator = new Validator().Check(status is null or "open" or "cleared" or "confirmed", "status", "must be open, cleared or confirmed");
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await FraudFlags.ListAsync(connection, status ?? "open"));
    }

    /// <summary>200 cleared; 404 unknown; 409 decided before.</summary>
    public static Task<Results<Ok<FraudFlag>, ValidationProblem, ProblemHttpResult>> Clear(
        Guid flagId, DecisionRequest request, HttpContext context, NpgsqlDataSource dataSource, ReferralMetrics metrics, TimeProvider time) =>
        DecideAsync(flagId, "cleared", request, context, dataSource, metrics, time);

    /// <summary>200 confirmed, its commission reversed; 404 unknown; 409 decided before.</summary>
    public static Task<Results<Ok<FraudFlag>, ValidationProblem, ProblemHttpResult>> Confirm(
        Guid flagId, DecisionRequest request, HttpContext context, NpgsqlDataSource dataSource, ReferralMetrics metrics, TimeProvider time) =>
        DecideAsync(flagId, "confirmed", request, context, dataSource, metrics, time);

    private static async Task<Results<Ok<FraudFlag>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid flagId, string resolution, DecisionRequest request, HttpContext context, NpgsqlDataSource dataSource, ReferralMetrics metrics,
        TimeProvider time)
    {
        var validator = new Validator().MaxLength("note", request.Note, MaxNoteLength);
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
        var (outcome, flag) = await FraudFlags.DecideAsync(connection, flagId, resolution, request.Note, context.User.UserId(), time.GetUtcNow(), metrics);
        return outcome switch
        {
            FlagDecision.NotFound => Problems.NotFound("No such flag."),
            FlagDecision.AlreadyDecided => Problems.Conflict($"The flag was {flag!.Resolution} before.", "already-decided"),
            _ => TypedResults.Ok(flag!),
        };
    }
}
