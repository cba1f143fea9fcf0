using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Consents;

public sealed record PutConsentsRequest(bool? SocialProof, bool? PersonalisedRecommendations, bool? Marketing);

public static class ConsentEndpoints
{
    public static RouteGroupBuilder MapConsentEndpoints(this RouteGroupBuilder api)
    {
        var consents = api.MapGroup("/me/consents").RequireAuthorization(Policies.User).WithTag("Consents", "What the user allows: social proof (friends bought), personalised recommendations, marketing.");
        consents.MapGet("/", GetConsents);
        consents.MapPut("/", PutConsents).WithSummary("Change my consents")
            .WithRequestExample(new { socialProof = true, personalisedRecommendations = true, marketing = false });
        return api;
    }

    public static async Task<Ok<ConsentsDto>> GetConsents(HttpContext context, ConsentStore store) =>
        TypedResults.Ok(await store.GetAsync(context.User.UserId()));

    /// <summary>PUT replaces all three, so a client cannot grant one by forgetting to send it.</summary>
    public static async Task<Results<Ok<ConsentsDto>, ValidationProblem>> PutConsents(
        PutConsentsRequest request, HttpContext context, ConsentStore store)
    {
        var validator = new Validator()
            .Check(request.SocialProof is not null, "socialProof", "is required")
            .Check(request.PersonalisedRecommendations is not null, "personalisedRecommendations", "is required")
            .Check(request.Marketing is not null, "marketing", "is required");
        if (!validator.IsValid) return validator.ToProblem();

        var consents = new ConsentsDto(request.SocialProof!.Value, request.PersonalisedRecommendations!.Value, request.Marketing!.Value);
        await store.SetAsync(context.User.UserId(), consents);
        return TypedResults.Ok(consents);
    }
}
