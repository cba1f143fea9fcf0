using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Tests.Screening;

/// <summary>
/// What <see cref="ReviewFingerprint"/> calls near-identical: copies of a templated review always, a word or two
/// changed in a short or long template too, unrelated ordinary texts never; and the band keys the service looks
/// candidates up by find the near ones.
/// </summary>
public class ReviewFingerprintTests
{
    private const string ShortTemplate = "宝贝收到了，质量非常好，做工精细，穿着很舒服，物流也很快，卖家服务态度很好，五星好评，下次还会再来！";

    // The long "detailed" review that paid-review templates imitate.
    private const string LongTemplate =
        "宝贝收到了，质量非常好，做工精细，穿着很舒服，物流也很快，卖家服务态度很好，五星好评，下次还会再来！" +
        "非常满意的一次购物，商品和卖家描述的一模一样，包装也很严实，客服态度热情，耐心解答问题，推荐大家购买！" +
        "用了几天感觉很好，性价比超高，面料柔软舒适，不起球不掉色，尺码标准，上身效果很好，值得购买，满意！";

    // Every edit below applied once, and every pair of them: not picked for their effect.
    private static readonly (string From, string To)[] Edits =
    [
        ("非常好", "特别好"), ("物流", "快递"), ("五星好评", "满分好评"), ("卖家", "店家"), ("推荐", "建议"), ("质量", "品质"),
        ("很舒服", "很舒适"), ("精细", "精致"), ("包装", "打包"), ("热情", "周到"), ("超高", "很高"), ("满意！", "喜欢！"),
    ];

    [TestCase("好评")]
    [TestCase("不错不错，好评！！！😀😀😀")]
    [TestCase("质量很好，物流很快，好评")]
    public void Compute_ShorterThanMinimum_IsNull(string text)
    {
        Assert.That(ReviewFingerprint.Compute(text), Is.Null);
    }

    [Test]
    public void Compute_SameTextInAnyProcess_SameValue()
    {
        // A stable hash, not string.GetHashCode: signatures are stored and compared across processes and releases.
        Assert.That(ReviewFingerprint.Compute(ShortTemplate)![..4], Is.EqualTo(Golden));
    }

    [TestCase("宝贝收到了!!! 质量非常好😀😀做工精细，穿着很舒服~物流也很快。卖家服务态度很好，五星好评👍下次还会再来")]
    [TestCase("宝 贝 收 到 了 质 量 非 常 好 做 工 精 细 穿 着 很 舒 服 物 流 也 很 快 卖 家 服 务 态 度 很 好 五 星 好 评 下 次 还 会 再 来")]
    public void Compute_TemplateCopiedWithEvasiveEdits_IsIdentical(string copy)
    {
        Assert.That(ReviewFingerprint.Similarity(ReviewFingerprint.Compute(ShortTemplate)!, ReviewFingerprint.Compute(copy)!), Is.EqualTo(1.0));
    }

    [Test]
    public void Compute_TemplateInTraditionalCharacters_NearDuplicate()
    {
        // Character-level folding: 著 is also a simplified character, so 穿著 stays apart from 穿着.
        const string traditional = "寶貝收到了，質量非常好，做工精細，穿著很舒服，物流也很快，賣家服務態度很好，五星好評，下次還會再來！";

        var similarity = ReviewFingerprint.Similarity(ReviewFingerprint.Compute(ShortTemplate)!, ReviewFingerprint.Compute(traditional)!);

        Assert.That(similarity, Is.GreaterThanOrEqualTo(ReviewFingerprint.NearDuplicateSimilarity));
    }

    [TestCase(ShortTemplate, 1)]
    [TestCase(ShortTemplate, 2)]
    [TestCase(LongTemplate, 1)]
    [TestCase(LongTemplate, 2)]
    public void Compute_TemplateWithWordsChanged_NearDuplicateAndFoundByBand(string template, int words)
    {
        var original = ReviewFingerprint.Compute(template)!;
        var edited = Edited(template, words).Select(text => ReviewFingerprint.Compute(text)!).ToList();
        var similarities = edited.Select(signature => ReviewFingerprint.Similarity(original, signature)).Order().ToList();
        var sharingABand = edited.Count(signature => ReviewFingerprint.BandKeys(signature).Intersect(ReviewFingerprint.BandKeys(original)).Any());

        TestContext.Out.WriteLine($"{words} word(s) changed in {TextNormalizer.Normalize(template).Length} chars: " +
            $"similarity {string.Join(",", similarities.Select(s => s.ToString("F2")))}; {sharingABand} of {edited.Count} share a band");
        Assert.Multiple(() =>
        {
            Assert.That(similarities[0], Is.GreaterThanOrEqualTo(ReviewFingerprint.NearDuplicateSimilarity));
            Assert.That(sharingABand, Is.GreaterThanOrEqualTo(0.95 * edited.Count));
        });
    }

    [Test]
    public void Compute_UnrelatedOrdinaryTexts_NeverNearDuplicatesAndRarelyShareABand()
    {
        var signatures = Starter.Corpus("ordinary-posts.txt").Concat(Starter.Corpus("ordinary-titles.txt"))
            .Select(ReviewFingerprint.Compute).OfType<int[]>().ToArray();
        var bands = signatures.Select(s => ReviewFingerprint.BandKeys(s).ToHashSet()).ToArray();
        var similarities = new List<double>();
        var sharing = 0;
        for (var i = 0; i < signatures.Length; i++)
        {
            for (var j = i + 1; j < signatures.Length; j++)
            {
                similarities.Add(ReviewFingerprint.Similarity(signatures[i], signatures[j]));
                if (bands[i].Overlaps(bands[j])) sharing++;
            }
        }

        similarities.Sort();
        TestContext.Out.WriteLine($"{similarities.Count} pairs of ordinary titles and posts: max similarity {similarities[^1]:F2}, " +
            $"median {similarities[similarities.Count / 2]:F2}; {sharing} pairs share a band");
        Assert.Multiple(() =>
        {
            Assert.That(similarities[^1], Is.LessThan(ReviewFingerprint.NearDuplicateSimilarity));
            Assert.That(sharing, Is.LessThan(similarities.Count / 1000), "band look-ups must stay selective");
        });
    }

    [Test]
    public void Similarity_HalfTheMinimumsEqual_IsOneHalf()
    {
        var a = Enumerable.Range(0, ReviewFingerprint.HashCount).ToArray();
        var b = a.Select((value, k) => k % 2 == 0 ? value : -value - 1).ToArray();

        Assert.That(ReviewFingerprint.Similarity(a, b), Is.EqualTo(0.5));
    }

    private static readonly int[] Golden = [47174740, 131759549, 271124208, 5207986];

    private static IEnumerable<string> Edited(string template, int words)
    {
        var applicable = Edits.Where(edit => template.Contains(edit.From, StringComparison.Ordinal)).ToArray();
        return words == 1
            ? applicable.Select(edit => Apply(template, edit))
            : applicable.SelectMany((first, i) => applicable.Skip(i + 1).Select(second => Apply(Apply(template, first), second)));
    }

    private static string Apply(string text, (string From, string To) edit)
    {
        var at = text.IndexOf(edit.From, StringComparison.Ordinal);
        return text[..at] + edit.To + text[(at + edit.From.Length)..];
    }
}
