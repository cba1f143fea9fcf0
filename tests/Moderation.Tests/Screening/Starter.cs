using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Tests.Screening;

/// <summary>The starter lexicon compiled once for the suites that screen with it.</summary>
internal static class Starter
{
    private static readonly Lazy<TextMatcher> Lazy = new(() => TextMatcher.Build(StarterLexicon.Load().SelectMany(lexicon => lexicon.Terms)));

    public static TextMatcher Matcher => Lazy.Value;

    public static string[] Corpus(string file) =>
        File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Screening", "TestData", file))
            .Where(line => line.Trim().Length > 0).ToArray();

    public static string Describe(IEnumerable<Hit> hits) =>
        string.Join("; ", hits.Select(hit => $"{hit.Category}:{hit.Term}@{hit.Start}+{hit.Length}"));
}
