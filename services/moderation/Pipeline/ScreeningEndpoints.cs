using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Moderation.Lexicons;
using SocialCommerce.Moderation.Screening;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Moderation.Pipeline;

public sealed record ScreeningRequest(string? Text, string? Kind);
public sealed record ScreeningAnswer(string Outcome, IReadOnlyList<Hit> Hits);

/// <summary>
/// The dry run: what screening would decide for a text, with every hit and where it is. Nothing is stored and
/// nothing is published; the near-duplicate check needs an author and history, so it is left to the pipeline.
/// </summary>
public static class ScreeningEndpoints
{
    public const int MaxTextLength = 20_000;

    public static RouteGroupBuilder MapScreeningEndpoints(this RouteGroupBuilder moderation)
    {
        moderation.MapPost("/screenings", Screen).RequireAuthorization(Policies.Moderator).WithTag("Screening", "Try a text against the current lexicons and rules without creating a case.")
            .WithSummary("Screen a text").WithRequestExample(new { text = "想要团购的加微信 abc12345 私聊", kind = "post" });
        return moderation;
    }

    public static Results<Ok<ScreeningAnswer>, ValidationProblem> Screen(ScreeningRequest request, ContentScreening screening)
    {
        var validator = new Validator()
            .Required("text", request.Text)
            .MaxLength("text", request.Text, MaxTextLength)
            .Check(request.Kind is not null && ContentKinds.All.Contains(request.Kind), "kind",
                $"must be {ContentKinds.Listed}");
        if (!validator.IsValid) return validator.ToProblem();
        var result = screening.Screen(request.Kind!, [new ContentField("text", request.Text!)]);
        return TypedResults.Ok(new ScreeningAnswer(result.Outcome, result.Fields[0].Hits));
    }
}
