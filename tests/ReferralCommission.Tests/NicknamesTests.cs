using SocialCommerce.ReferralCommission.Bindings;

namespace SocialCommerce.ReferralCommission.Tests;

public sealed class NicknamesTests
{
    [TestCase("张三丰", "张*丰")]
    [TestCase("小明", "小*")]
    [TestCase("alice", "a***e")]
    [TestCase("欧阳娜娜爱旅行", "欧***行")]
    [TestCase("  王 ", "王*")]
    [TestCase("", "*")]
    [TestCase(null, "*")]
    [TestCase("👩‍👩‍👧好物", "👩‍👩‍👧*物")]   // a family emoji is one character, kept whole
    public void Mask_Nickname_KeepsOnlyFirstAndLastCharacter(string? nickname, string expected) =>
        Assert.That(Nicknames.Mask(nickname), Is.EqualTo(expected));
}
