using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialCommerce.Web.Account;

namespace SocialCommerce.Web.Tests;

/// <summary>Replicas given the same Web:KeyRing read each other's cookies; a replica with another ring cannot.</summary>
public sealed class KeyRingTests
{
    [Test]
    public void Configure_SameKeyRingOnTwoReplicas_EachReadsWhatTheOtherProtected()
    {
        var ring = KeyRing.Generate(days: 30);
        var first = Protector(ring);
        var second = Protector(ring);

        var cookie = first.Protect("session");

        Assert.That(second.Unprotect(cookie), Is.EqualTo("session"));
    }

    [Test]
    public void Configure_AnotherKeyRing_CannotReadTheCookie()
    {
        var cookie = Protector(KeyRing.Generate(days: 30)).Protect("session");

        Assert.That(() => Protector(KeyRing.Generate(days: 30)).Unprotect(cookie), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void Configure_KeyRingWithoutKeys_RefusesRatherThanMakingOne()
    {
        var protector = Protector("<keyRing />");

        Assert.That(() => protector.Protect("session"), Throws.InstanceOf<CryptographicException>().With.InnerException.InstanceOf<InvalidOperationException>());
    }

    private static IDataProtector Protector(string ring)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Web:KeyRing"] = ring });
        KeyRing.Configure(builder);
        return builder.Services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }
}
