using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Moderation.Screening;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Moderation.Lexicons;

public sealed record LexiconRequest(IReadOnlyList<LexiconTermRequest>? Terms);
public sealed record LexiconTermRequest(string? Term, string? Category);
public sealed record LexiconList(IReadOnlyList<string> Items);
public sealed record RulesRequest(IReadOnlyList<RuleRequest>? Rules);
public sealed record RuleRequest(string? Kind, string? Category, string? Outcome);
public sealed record RuleList(IReadOnlyList<Rule> Items);

/// <summary>
/// Admin editing of lexicons and rules. A change answers once this instance screens with it; other instances
/// follow on the NOTIFY within moments.
/// </summary>
public static partial class LexiconEndpoints
{
    public const int MaxTerms = 20_000;
    public const int MaxTermLength = 50;

    public static RouteGroupBuilder MapLexiconEndpoints(this RouteGroupBuilder moderation)
    {
        var admin = moderation.MapGroup("/").RequireAuthorization(Policies.Admin).WithTag("Lexicons and rules", "Admins edit the word lists screening uses and what each category of hit leads to.");
        admin.MapGet("/lexicons", async (ScreeningConfigStore store) => TypedResults.Ok(new LexiconList(await store.LexiconNamesAsync())))
            .WithName("lexiconList").WithSummary("Lexicon names");
        admin.MapGet("/lexicons/{name}", GetLexicon);
        admin.MapPut("/lexicons/{name}", PutLexicon);
        admin.MapGet("/rules", async (ScreeningConfigStore store) => TypedResults.Ok(new RuleList(await store.RulesAsync())))
            .WithName("ruleList").WithSummary("Screening rules");
        admin.MapPut("/rules", PutRules);
        return moderation;
    }

    public static async Task<Results<Ok<LexiconView>, ProblemHttpResult>> GetLexicon(string name, ScreeningConfigStore store) =>
        await store.GetLexiconAsync(name) is { } lexicon ? TypedResults.Ok(lexicon) : Problems.NotFound("The lexicon does not exist.");

    public static async Task<Results<Ok<LexiconView>, ValidationProblem>> PutLexicon(
        string name, LexiconRequest request, HttpContext context, ScreeningConfigStore store, CurrentScreening screening)
    {
        var validator = new Validator()
            .Check(LexiconName().IsMatch(name), "name", "must be 1-63 lower-case letters, digits or hyphens")
            .Check(request.Terms is not null, "terms", "is required (an empty list empties the lexicon)")
            .Check(request.Terms is null || request.Terms.Count <= MaxTerms, "terms", $"must hold at most {MaxTerms} terms");
        var terms = new List<LexiconTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; validator.IsValid && i < request.Terms!.Count; i++)
        {
            var term = request.Terms[i]?.Term?.Trim();
            var category = request.Terms[i]?.Category;
            var field = $"terms[{i}]";
            if (string.IsNullOrEmpty(term) || term.Length > MaxTermLength || TextNormalizer.Normalize(term).Length == 0)
                validator.Add($"{field}.term", $"must be 1-{MaxTermLength} characters with at least one letter, digit or CJK character");
            else if (!seen.Add(term))
                validator.Add($"{field}.term", "appears more than once");
            if (category is null || !Categories.Lexicon.Contains(category))
                validator.Add($"{field}.category", $"must be one of {string.Join(", ", Categories.Lexicon.Order())}");
            if (term is not null && category is not null) terms.Add(new LexiconTerm(term, category));
        }

        if (!validator.IsValid) return validator.ToProblem();
        var saved = await store.PutLexiconAsync(name, terms, context.User.UserId());
        await screening.ReloadAsync(context.RequestAborted);
        return TypedResults.Ok(saved);
    }

    public static async Task<Results<Ok<RuleList>, ValidationProblem>> PutRules(
        RulesRequest request, HttpContext context, ScreeningConfigStore store, CurrentScreening screening)
    {
        var validator = new Validator().Check(request.Rules is { Count: > 0 and <= 100 }, "rules", "must hold 1-100 rules");
        for (var i = 0; validator.IsValid && i < request.Rules!.Count; i++)
        {
            var rule = request.Rules[i];
            validator
                .Check(rule?.Kind is { } kind && ContentKinds.All.Contains(kind), $"rules[{i}].kind", $"must be {ContentKinds.Listed}")
                .Check(rule?.Category is { } category && Categories.Screened.Contains(category), $"rules[{i}].category",
                    $"must be one of {string.Join(", ", Categories.Screened.Order())}")
                .Check(rule?.Outcome is { } outcome && Outcomes.All.Contains(outcome), $"rules[{i}].outcome", "must be pass, review or block");
        }

        var rules = validator.IsValid ? request.Rules!.Select(r => new Rule(r.Kind!, r.Category!, r.Outcome!)).ToList() : [];
        validator.Check(rules.DistinctBy(r => (r.Kind, r.Category)).Count() == rules.Count, "rules", "names a kind and category more than once");
        if (!validator.IsValid) return validator.ToProblem();
        var saved = await store.PutRulesAsync(rules, context.User.UserId());
        await screening.ReloadAsync(context.RequestAborted);
        return TypedResults.Ok(new RuleList(saved));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex LexiconName();
}
