using SocialCommerce.Web.Account;

namespace SocialCommerce.Web.Tests;

public sealed class LocalUrlTests
{
    [TestCase("/orders/1?x=2", "/orders/1?x=2")]
    [TestCase("/", "/")]
    [TestCase(null, "/")]
    [TestCase("", "/")]
    [TestCase("https://evil.example/", "/")]
    [TestCase("//evil.example/", "/")]
    [TestCase("/\\evil.example/", "/")]
    [TestCase("javascript:alert(1)", "/")]
    public void OrHome_ReturnUrl_OnlyPathsOnThisSite(string? returnUrl, string expected) =>
        Assert.That(LocalUrl.OrHome(returnUrl), Is.EqualTo(expected));
}
