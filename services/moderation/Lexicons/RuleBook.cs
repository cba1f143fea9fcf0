using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Lexicons;

public static class ContentKinds
{
    public const string Product = "product", Post = "post", Comment = "comment", Review = "review", FollowUp = "follow-up",
        Group = "group", Nickname = "nickname";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Product, Post, Comment, Review, FollowUp, Group, Nickname };

    /// <summary>For a validation message: every kind, in the order above.</summary>
    public const string Listed = "product, post, comment, review, follow-up, group or nickname";
}

public static class Outcomes
{
    public const string Pass = "pass", Review = "review", Block = "block";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Pass, Review, Block };

    public static int Severity(string outcome) => outcome switch { Block => 2, Review => 1, _ => 0 };
}

public sealed record Rule(string Kind, string Category, string Outcome);

/// <summary>What a hit of each category means for each kind of content; the strictest hit decides.</summary>
public sealed class RuleBook(IEnumerable<Rule> rules)
{
    private readonly Dictionary<(string Kind, string Category), string> outcomes =
        rules.ToDictionary(rule => (rule.Kind, rule.Category), rule => rule.Outcome);

    /// <summary>A pair nobody configured goes to a human rather than through or out.</summary>
    public string OutcomeOf(string kind, string category) =>
        outcomes.TryGetValue((kind, category), out var outcome) ? outcome : Outcomes.Review;

    public string Decide(string kind, IEnumerable<Hit> hits)
    {
        var decided = Outcomes.Pass;
        foreach (var hit in hits)
        {
            var outcome = OutcomeOf(kind, hit.Category);
            if (Outcomes.Severity(outcome) > Outcomes.Severity(decided)) decided = outcome;
        }

        return decided;
    }
}

/// <summary>One version of everything screening needs, swapped as a whole so a screening never mixes versions.</summary>
public sealed record ScreeningConfig(long Version, TextMatcher Matcher, RuleBook Rules);
