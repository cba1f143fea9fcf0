using System.Diagnostics;
using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Tests.Screening;

public class TextMatcherTests
{
    // he/she/his/hers in CJK (h=甲 e=乙 s=丙 r=丁 i=戊), since Latin terms are words and would not fire inside "ushers".
    private static readonly TextMatcher Classic = TextMatcher.Build(
        new[] { "甲乙", "丙甲乙", "甲戊丙", "甲乙丁丙" }.Select(term => new LexiconTerm(term, Categories.Custom)));

    private static List<(string Term, int Start, int Length)> Find(TextMatcher matcher, string text) =>
        matcher.FindAll(text).Select(hit => (hit.Term, hit.Start, hit.Length)).ToList();

    [Test]
    public void FindAll_OverlappingTerms_ReportsEveryTermOrderedByStartLongerFirst()
    {
        Assert.That(Find(Classic, "子丙甲乙丁丙"), Is.EqualTo(new[] { ("丙甲乙", 1, 3), ("甲乙丁丙", 2, 4), ("甲乙", 2, 2) }));
    }

    [Test]
    public void FindAll_TermsAtBothEnds_AreFound()
    {
        Assert.That(Find(Classic, "甲乙和甲戊丙"), Is.EqualTo(new[] { ("甲乙", 0, 2), ("甲戊丙", 3, 3) }));
    }

    [Test]
    public void FindAll_SurrogatePairsBeforeAndInsideMatch_ReportsOriginalPositions()
    {
        Assert.That(Find(Classic, "😀👍🏻甲乙"), Is.EqualTo(new[] { ("甲乙", 6, 2) }));
        Assert.That(Find(Classic, "𠀀甲😀乙"), Is.EqualTo(new[] { ("甲乙", 2, 4) }));
    }

    [Test]
    public void FindAll_EmptyText_ReturnsNoHits()
    {
        Assert.That(Classic.FindAll(""), Is.Empty);
    }

    [Test]
    public void FindAll_SameTermOverlappingItself_ReportedOnce()
    {
        var matcher = TextMatcher.Build([new LexiconTerm("哈哈", Categories.Custom)]);

        Assert.That(Find(matcher, "哈哈哈"), Is.EqualTo(new[] { ("哈哈", 0, 2) }));
    }

    [Test]
    public void FindAll_TermRepeatedBackToBack_EveryOccurrenceReported()
    {
        var matcher = TextMatcher.Build([new LexiconTerm("微信", Categories.Contact), new LexiconTerm("微信支付", Categories.Allow)]);

        var hits = matcher.FindAll(string.Concat(Enumerable.Repeat("微信", 5000)) + "微信支付");

        Assert.Multiple(() =>
        {
            Assert.That(hits, Has.Count.EqualTo(5000));
            Assert.That(hits.Select(hit => hit.Start), Is.EqualTo(Enumerable.Range(0, 5000).Select(i => i * 2)));
        });
    }

    [TestCase("he said", 1)]
    [TestCase("ushers", 0)]
    [TestCase("hero", 0)]
    [TestCase("他说he。", 1)]
    [TestCase("ＨＥ", 1)]
    [TestCase("ｘhe", 0)]
    public void FindAll_LatinTerm_MatchesOnlyAsWord(string text, int expected)
    {
        var matcher = TextMatcher.Build([new LexiconTerm("he", Categories.Custom)]);

        Assert.That(matcher.FindAll(text), Has.Count.EqualTo(expected));
    }

    [Test]
    public void FindAll_HitInsideAllowHit_IsDropped()
    {
        var matcher = TextMatcher.Build([new LexiconTerm("微信", Categories.Contact), new LexiconTerm("微信支付", Categories.Allow)]);

        Assert.That(matcher.FindAll("可以用微信支付"), Is.Empty);
        Assert.That(Find(matcher, "加微信，不用微信支付"), Is.EqualTo(new[] { ("微信", 1, 2) }));
    }

    [Test]
    public void FindAll_HitOnlyOverlappingAllowHit_IsKept()
    {
        var matcher = TextMatcher.Build([new LexiconTerm("支付宝", Categories.Custom), new LexiconTerm("微信支付", Categories.Allow)]);

        Assert.That(Find(matcher, "微信支付宝"), Is.EqualTo(new[] { ("支付宝", 2, 3) }));
    }

    [Test]
    public void Build_TermsEmptyOrRepeatedAfterNormalising_AreSkipped()
    {
        var matcher = TextMatcher.Build([
            new LexiconTerm("！！", Categories.Custom), new LexiconTerm("微信", Categories.Contact),
            new LexiconTerm("微 信", Categories.Contact), new LexiconTerm("微信", Categories.Custom),
        ]);

        Assert.That(matcher.TermCount, Is.EqualTo(2));
    }

    [Test]
    public void Build_UnknownCategory_Throws()
    {
        Assert.That(() => TextMatcher.Build([new LexiconTerm("x", "spam")]), Throws.ArgumentException);
    }

    [Test]
    public void Build_TenThousandTerms_TakesWellUnderASecond()
    {
        var random = new Random(7);
        var terms = Enumerable.Range(0, 10_000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(2, 7)).Select(_ => (char)random.Next(0x4E00, 0x4E00 + 800)).ToArray()))
            .Select(term => new LexiconTerm(term, Categories.Custom)).ToList();
        _ = TextMatcher.Build(terms.Take(10)); // type initialisers (folding tables) are not part of a build

        var clock = Stopwatch.StartNew();
        var matcher = TextMatcher.Build(terms);
        clock.Stop();

        TestContext.Out.WriteLine($"Built {matcher.TermCount} terms in {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void FindAll_ManyThreadsOnOneMatcher_AgreeWithOneThread()
    {
        var texts = Starter.Corpus("ordinary-posts.txt").Select(line => line + "加微 信 abc_12345").ToArray();
        var expected = texts.Select(text => Starter.Describe(Starter.Matcher.FindAll(text))).ToArray();

        var actual = new string[texts.Length];
        Parallel.For(0, texts.Length, i => actual[i] = Starter.Describe(Starter.Matcher.FindAll(texts[i])));

        Assert.That(actual, Is.EqualTo(expected));
    }
}
