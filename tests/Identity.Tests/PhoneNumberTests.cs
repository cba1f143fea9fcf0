using SocialCommerce.Identity.Phones;

namespace SocialCommerce.Identity.Tests;

public sealed class PhoneNumberTests
{
    [TestCase("13800138000", "13800138000")]
    [TestCase("+86 138 0013 8000", "13800138000")]
    [TestCase("0086-138-0013-8000", "13800138000")]
    [TestCase("8613800138000", "13800138000")]
    [TestCase("(+86)19912345678", "19912345678")]
    public void TryParse_CommonWritings_NormalisesToElevenDigits(string input, string expected)
    {
        Assert.That(PhoneNumber.TryParse(input, out var phone), Is.True);
        Assert.That(phone!.Value.Digits, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("12800138000")]
    [TestCase("1380013800")]
    [TestCase("138001380001")]
    [TestCase("+1 415 555 0100")]
    [TestCase("１３８００１３８０００")]
    public void TryParse_NotAMainlandMobile_Fails(string input) =>
        Assert.That(PhoneNumber.TryParse(input, out _), Is.False);

    [Test]
    public void Masked_AnyNumber_HidesMiddleFour()
    {
        PhoneNumber.TryParse("13812345678", out var phone);
        Assert.That(phone!.Value.Masked, Is.EqualTo("138****5678"));
    }
}
