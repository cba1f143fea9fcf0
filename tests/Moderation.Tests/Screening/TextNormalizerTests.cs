using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Tests.Screening;

public class TextNormalizerTests
{
    [TestCase("ＡＢＣ１２３", "abc123")]
    [TestCase("WeiXin", "weixin")]
    [TestCase("國家級", "国家级")]
    [TestCase("全網最低價", "全网最低价")]
    [TestCase("微 信！", "微信")]
    [TestCase("微\u200b信\ufe0f", "微信")]
    [TestCase("✨微✨信✨", "微信")]
    [TestCase("①②③", "123")]
    [TestCase("⑩", "10")]
    [TestCase("w\u0435\u0456xin", "weixin")]
    [TestCase("café", "cafe")]
    [TestCase("𝐰𝐞𝐢𝐱𝐢𝐧", "weixin")]
    [TestCase("138-0013-8000", "13800138000")]
    [TestCase("㎏", "kg")]
    public void Normalize_EvasiveSpelling_FoldsToMatchingForm(string text, string expected)
    {
        Assert.That(TextNormalizer.Normalize(text), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("😀🎉👍🏻")]
    [TestCase("，。！？ …—")]
    public void Normalize_NothingButSeparators_IsEmpty(string text)
    {
        Assert.That(TextNormalizer.Normalize(text), Is.Empty);
    }

    [Test]
    public void Map_SeparatorsAndSurrogates_KeepOriginalIndexes()
    {
        var mapped = TextNormalizer.Map("a 😀b⑩");

        Assert.That(new string(mapped.Span), Is.EqualTo("ab10"));
        Assert.That(mapped.Origins.Take(mapped.Length), Is.EqualTo(new[] { 0, 4, 5, 5 }));
    }

    [Test]
    public void Map_CjkOutsideBmp_IsKeptAsPair()
    {
        var mapped = TextNormalizer.Map("𠀀字");

        Assert.That(new string(mapped.Span), Is.EqualTo("𠀀字"));
        Assert.That(mapped.OriginalEnd("𠀀字", 0), Is.EqualTo(2));
    }
}
