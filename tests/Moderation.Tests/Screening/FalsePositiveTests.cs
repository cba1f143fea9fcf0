namespace SocialCommerce.Moderation.Tests.Screening;

/// <summary>
/// Ordinary product titles and posts (TestData, written as ordinary text, not against the lexicon) screened with the
/// starter lexicon: a line with any hit counts as a false positive. Target under 1% per corpus.
/// </summary>
public class FalsePositiveTests
{
    [TestCase("ordinary-titles.txt", 300)]
    [TestCase("ordinary-posts.txt", 200)]
    public void FindAll_OrdinaryCorpus_FalsePositiveRateUnderOnePercent(string file, int minimumLines)
    {
        var lines = Starter.Corpus(file);
        var flagged = lines.Select(line => (Line: line, Hits: Starter.Matcher.FindAll(line))).Where(result => result.Hits.Count > 0).ToList();
        var rate = (double)flagged.Count / lines.Length;

        TestContext.Out.WriteLine($"{file}: {flagged.Count} of {lines.Length} lines hit, false-positive rate {rate:P2}");
        foreach (var (line, hits) in flagged) TestContext.Out.WriteLine($"  {line}  =>  {Starter.Describe(hits)}");
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(minimumLines));
        Assert.That(rate, Is.LessThan(0.01));
    }
}
