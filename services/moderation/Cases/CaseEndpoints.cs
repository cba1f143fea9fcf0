using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Moderation.Cases;

/// <summary>The moderators' queue and the owners' appeals (api.md, moderation table).</summary>
public static class CaseEndpoints
{
    public const int MaxReasonLength = 500;
    public const int MaxStatementLength = 2000;
    private const string NotFoundTitle = "The case does not exist.";

    public static RouteGroupBuilder MapCaseEndpoints(this RouteGroupBuilder moderation)
    {
        var cases = moderation.MapGroup("/cases")
            .WithTag("Cases", "Content held for review: moderators claim and decide; authors see the outcome and may appeal a rejection once.");
        var queue = cases.MapGroup("/").RequireAuthorization(Policies.Moderator);
        queue.MapGet("/", List).WithSummary("The review queue, oldest first");
        queue.MapPost("/{caseId:guid}/claim", Claim).WithSummary("Claim a case for a few minutes").ProducesConflict("case-decided", "case-claimed");
        queue.MapPost("/{caseId:guid}/decision", Decide).WithSummary("Approve or reject a claimed case")
            .ProducesConflict("case-decided", "case-claimed", "case-not-claimed", "appeal-needs-other-moderator")
            .WithRequestExample(new { outcome = "reject", reason = "站外引流" });
        // Owners read their own case (why it is held, what was decided); moderators read any.
        cases.MapGet("/{caseId:guid}", Get).RequireAuthorization(Policies.User);
        moderation.MapPost("/appeals", Appeal).RequireAuthorization(Policies.User).WithTags("Cases")
            .WithSummary("Appeal a rejection of my content").ProducesConflict("case-not-rejected", "already-appealed");
        return moderation;
    }

    public static async Task<Results<Ok<CaseList>, ValidationProblem>> List(
        string? status, int? limit, string? cursor, HttpContext context, CaseStore store)
    {
        CaseCursor? position = null;
        var validator = new Validator()
            .Check(status is null || CaseFilter.All.Contains(status), "status", "must be pending, claimed, approved or rejected")
            .Check(limit is null or (> 0 and <= 100), "limit", "must be between 1 and 100")
            .Check(cursor is null || CaseCursor.TryParse(cursor, out position), "cursor", "is not a cursor this API returned");
        if (!validator.IsValid) return validator.ToProblem();
        return TypedResults.Ok(await store.ListAsync(status ?? CaseFilter.Pending, context.User.UserId(), limit ?? 20, position));
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Get(Guid caseId, HttpContext context, CaseStore store)
    {
        var row = await store.FindAsync(caseId);
        var moderator = context.User.IsInRole(Roles.Moderator) || context.User.IsInRole(Roles.Admin);
        // Someone else's case answers as if it did not exist.
        if (row is null || (!moderator && row.OwnerId != context.User.UserId())) return Problems.NotFound(NotFoundTitle);
        return TypedResults.Ok(row.ToView(moderator));
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Claim(Guid caseId, HttpContext context, CaseStore store)
    {
        var (change, row) = await store.ClaimAsync(caseId, context.User.UserId());
        return change == CaseChange.Done ? TypedResults.Ok(row!.ToView(forModerator: true)) : Refused(change);
    }

    public static async Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid caseId, DecisionRequest request, HttpContext context, CaseStore store)
    {
        var validator = new Validator()
            .Check(request.Outcome is "approve" or "reject", "outcome", "must be approve or reject")
            .Required("reason", request.Reason)
            .MaxLength("reason", request.Reason, MaxReasonLength);
        if (!validator.IsValid) return validator.ToProblem();
        var (change, row) = await store.DecideAsync(caseId, context.User.UserId(), request.Outcome == "approve", request.Reason!.Trim());
        return change == CaseChange.Done ? TypedResults.Ok(row!.ToView(forModerator: true)) : Refused(change);
    }

    public static async Task<Results<Accepted<CaseView>, ValidationProblem, ProblemHttpResult>> Appeal(
        AppealRequest request, HttpContext context, CaseStore store)
    {
        var validator = new Validator()
            .Check(request.CaseId is not null && request.CaseId != Guid.Empty, "caseId", "is required")
            .Required("statement", request.Statement)
            .MaxLength("statement", request.Statement, MaxStatementLength);
        if (!validator.IsValid) return validator.ToProblem();
        var (change, row) = await store.AppealAsync(request.CaseId!.Value, context.User.UserId(), request.Statement!.Trim());
        return change == CaseChange.Done
            ? TypedResults.Accepted($"/api/moderation/cases/{row!.Id}", row.ToView(forModerator: false))
            : Refused(change);
    }

    private static ProblemHttpResult Refused(CaseChange change) => change switch
    {
        CaseChange.NotFound => Problems.NotFound(NotFoundTitle),
        CaseChange.NotOwner => Problems.Forbidden("Only the owner of the content may appeal its decision."),
        CaseChange.AlreadyDecided => Problems.Conflict("The case is already decided.", "case-decided"),
        CaseChange.ClaimedByOther => Problems.Conflict("Another moderator holds the claim on this case.", "case-claimed"),
        CaseChange.NotClaimed => Problems.Conflict("Claim the case before deciding it; an expired claim must be renewed.", "case-not-claimed"),
        CaseChange.DecidedItYourself => Problems.Conflict(
            "You made the decision under appeal; another moderator decides the appeal.", "appeal-needs-other-moderator"),
        CaseChange.NotRejected => Problems.Conflict("Only rejected content can be appealed.", "case-not-rejected"),
        CaseChange.AlreadyAppealed => Problems.Conflict("This decision has been appealed already; an appeal is allowed once.", "already-appealed"),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };
}
