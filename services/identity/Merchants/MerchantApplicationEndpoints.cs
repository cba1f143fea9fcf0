using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Merchants;

public sealed record SubmitApplicationRequest(string? ShopName, string? BusinessLicenseNo, string? ContactName);
public sealed record DecisionRequest(string? Reason);
public sealed record ApplicationList(IReadOnlyList<MerchantApplicationDto> Items);

public sealed record MerchantApplicationDto(
    Guid ApplicationId, Guid UserId, string ShopName, string BusinessLicenseNo, string ContactName, string Status,
    string? Reason, DateTime CreatedAt, DateTime? DecidedAt)
{
    public static MerchantApplicationDto From(MerchantApplicationRow row) => new(
        row.Id, row.UserId, row.ShopName, row.BusinessLicenseNo, row.ContactName, row.Status, row.Reason, row.CreatedAt, row.DecidedAt);
}

public static partial class MerchantApplicationEndpoints
{
    public static RouteGroupBuilder MapMerchantApplicationEndpoints(this RouteGroupBuilder api)
    {
        var applications = api.MapGroup("/merchant-applications").RequireAuthorization(Policies.User).WithTag("Merchant applications", "Apply to open a shop; admins approve or reject.");
        applications.MapPost("/", Submit).WithSummary("Apply to open a shop").ProducesConflict("already-merchant", "application-pending")
            .WithRequestExample(new { shopName = "山野茶铺", businessLicenseNo = "91330100MA2XXXXX0X", contactName = "王芳" });
        applications.MapGet("/{id:guid}", Get);
        applications.MapGet("/", List).RequireAuthorization(Policies.Admin);
        applications.MapPost("/{id:guid}/approve", Approve).RequireAuthorization(Policies.Admin).ProducesConflict("already-decided");
        applications.MapPost("/{id:guid}/reject", Reject).RequireAuthorization(Policies.Admin).ProducesConflict("already-decided");
        return api;
    }

    public static async Task<Results<Created<MerchantApplicationDto>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitApplicationRequest request, HttpContext context, MerchantApplicationStore store)
    {
        var validator = new Validator()
            .Required("shopName", request.ShopName).MaxLength("shopName", request.ShopName?.Trim(), 40)
            .Required("businessLicenseNo", request.BusinessLicenseNo)
            .Check(request.BusinessLicenseNo is null || CreditCode().IsMatch(request.BusinessLicenseNo), "businessLicenseNo",
                "must be an 18-character unified social credit code")
            .Required("contactName", request.ContactName).MaxLength("contactName", request.ContactName?.Trim(), 32);
        if (!validator.IsValid) return validator.ToProblem();

        var userId = context.User.UserId();
        var (outcome, id) = await store.SubmitAsync(userId, request.ShopName!.Trim(), request.BusinessLicenseNo!, request.ContactName!.Trim());
        return outcome switch
        {
            SubmitOutcome.AlreadyMerchant => Problems.Conflict("You are already a merchant.", "already-merchant"),
            SubmitOutcome.AlreadyPending => Problems.Conflict("You already have a pending application.", "application-pending"),
            _ => TypedResults.Created($"/api/identity/merchant-applications/{id}", MerchantApplicationDto.From((await store.FindAsync(id))!)),
        };
    }

    /// <summary>The applicant or an admin; anyone else gets 404 so ids cannot be probed.</summary>
    public static async Task<Results<Ok<MerchantApplicationDto>, ProblemHttpResult>> Get(Guid id, HttpContext context, MerchantApplicationStore store)
    {
        var application = await store.FindAsync(id);
        if (application is null || (application.UserId != context.User.UserId() && !context.User.IsInRole(Roles.Admin)))
        {
            return Problems.NotFound("The application does not exist.");
        }

        return TypedResults.Ok(MerchantApplicationDto.From(application));
    }

    public static async Task<Results<Ok<ApplicationList>, ValidationProblem>> List(string? status, int? limit, MerchantApplicationStore store)
    {
        var validator = new Validator()
            .Check(status is null or "pending" or "approved" or "rejected", "status", "must be pending, approved or rejected")
            .Check(limit is null or (> 0 and <= 200), "limit", "must be between 1 and 200");
        if (!validator.IsValid) return validator.ToProblem();
        var rows = await store.ByStatusAsync(status ?? "pending", limit ?? 50);
        return TypedResults.Ok(new ApplicationList(rows.Select(MerchantApplicationDto.From).ToList()));
    }

    public static Task<Results<Ok<MerchantApplicationDto>, ValidationProblem, ProblemHttpResult>> Approve(
        Guid id, HttpContext context, MerchantApplicationStore store) => Decide(id, approve: true, null, context, store);

    public static Task<Results<Ok<MerchantApplicationDto>, ValidationProblem, ProblemHttpResult>> Reject(
        Guid id, DecisionRequest request, HttpContext context, MerchantApplicationStore store)
    {
        var validator = new Validator().Required("reason", request.Reason).MaxLength("reason", request.Reason, 500);
        return validator.IsValid
            ? Decide(id, approve: false, request.Reason, context, store)
            : Task.FromResult<Results<Ok<MerchantApplicationDto>, ValidationProblem, ProblemHttpResult>>(validator.ToProblem());
    }

    private static async Task<Results<Ok<MerchantApplicationDto>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, bool approve, string? reason, HttpContext context, MerchantApplicationStore store)
    {
        return await store.DecideAsync(id, context.User.UserId(), approve, reason) switch
        {
            DecideOutcome.NotFound => Problems.NotFound("The application does not exist."),
            DecideOutcome.NotPending => Problems.Conflict("The application was already decided.", "already-decided"),
            _ => TypedResults.Ok(MerchantApplicationDto.From((await store.FindAsync(id))!)),
        };
    }

    // GB 32100-2015: 18 characters from digits and capitals without I, O, S, V, Z.
    [GeneratedRegex("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
    private static partial Regex CreditCode();
}
