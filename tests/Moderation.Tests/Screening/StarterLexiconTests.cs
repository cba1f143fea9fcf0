using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Tests.Screening;

public class StarterLexiconTests
{
    private static readonly IReadOnlyList<(string Name, IReadOnlyList<LexiconTerm> Terms)> Lexicons = StarterLexicon.Load();

    [Test]
    public void Load_EmbeddedFiles_OneLexiconPerCategoryFile()
    {
        Assert.That(Lexicons.Select(lexicon => lexicon.Name), Is.EqualTo(new[]
        {
            "advertising-law", "allow", "contact", "fraud", "gambling", "illegal", "pornography",
        }));
        foreach (var (name, terms) in Lexicons)
            Assert.That(terms.Select(term => term.Category), Is.All.EqualTo(name), name);
    }

    [Test]
    public void Load_AdvertisingLaw_AtLeastSixtyClaimCompounds()
    {
        var terms = Lexicons.Single(lexicon => lexicon.Name == "advertising-law").Terms.Select(term => term.Term).ToList();

        Assert.That(terms, Has.Count.GreaterThanOrEqualTo(60));
        Assert.That(terms, Does.Contain("全网最低价").And.Contain("国家级").And.Contain("顶级").And.Contain("销量第一"));
        // Bare forms would fire on 最近, 第一次, 唯一的, 绝对值.
        Assert.That(terms.Intersect(["最", "第一", "唯一", "绝对"]), Is.Empty);
    }

    [TestCase("contact")]
    [TestCase("illegal")]
    [TestCase("pornography")]
    [TestCase("gambling")]
    [TestCase("fraud")]
    public void Load_CategoryList_IsSmall(string name)
    {
        Assert.That(Lexicons.Single(lexicon => lexicon.Name == name).Terms, Has.Count.InRange(20, 60));
    }

    [Test]
    public void Load_EveryTerm_NormalisesToSomething()
    {
        var empty = Lexicons.SelectMany(lexicon => lexicon.Terms).Where(term => TextNormalizer.Normalize(term.Term).Length == 0);

        Assert.That(empty, Is.Empty);
    }

    [Test]
    public void Load_EveryAllowTerm_ContainsAListedTerm()
    {
        var listed = Lexicons.Where(lexicon => lexicon.Name != "allow")
            .SelectMany(lexicon => lexicon.Terms).Select(term => TextNormalizer.Normalize(term.Term)).ToList();
        var allow = Lexicons.Single(lexicon => lexicon.Name == "allow").Terms.Select(term => TextNormalizer.Normalize(term.Term));

        Assert.That(allow.Where(term => !listed.Exists(term.Contains)), Is.Empty);
    }

    [Test]
    public void Parse_TabCategoryCommentsAndBlankLines_AreRead()
    {
        var terms = StarterLexicon.Parse("fraud", new StringReader("# comment\n\n刷单\n代付\tcustom\n"));

        Assert.That(terms, Is.EqualTo(new[] { new LexiconTerm("刷单", "fraud"), new LexiconTerm("代付", "custom") }));
    }

    [Test]
    public void Parse_UnknownCategory_Throws()
    {
        Assert.That(() => StarterLexicon.Parse("fraud", new StringReader("刷单\tspam\n")), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void Load_VariantTable_HasSeveralHundredCharacters()
    {
        Assert.That(VariantTable.Load().Count(), Is.GreaterThanOrEqualTo(500));
    }

    [TestCase("銷量第一", "销量第一")]
    [TestCase("領袖品牌", "领袖品牌")]
    [TestCase("萬能", "万能")]
    [TestCase("頂級", "顶级")]
    [TestCase("獨家", "独家")]
    [TestCase("世界級", "世界级")]
    [TestCase("百家樂", "百家乐")]
    [TestCase("時時彩", "时时彩")]
    [TestCase("彩票代購", "彩票代购")]
    [TestCase("槍支", "枪支")]
    [TestCase("竊聽器", "窃听器")]
    [TestCase("刷單", "刷单")]
    [TestCase("花唄套現", "花呗套现")]
    [TestCase("徵信修復", "征信修复")]
    [TestCase("加個微信", "加个微信")]
    [TestCase("聯繫方式", "联系方式")]
    public void FindAll_TraditionalSpellingOfStarterTerm_FindsTheTerm(string text, string term)
    {
        Assert.That(Starter.Matcher.FindAll(text).Select(hit => hit.Term), Does.Contain(term));
    }

    [Test]
    public void Normalize_TraditionalFormOfALexiconCharacter_FoldsToTheLexiconForm()
    {
        var lexiconChars = Lexicons.SelectMany(lexicon => lexicon.Terms).SelectMany(term => TextNormalizer.Normalize(term.Term)).ToHashSet();
        var folded = VariantTable.Load().Where(pair => lexiconChars.Contains(pair.Simplified)).ToList();

        Assert.That(folded, Has.Count.GreaterThan(100));
        Assert.That(folded.Where(pair => TextNormalizer.Normalize(pair.Traditional.ToString()) != pair.Simplified.ToString()), Is.Empty);
    }
}
