using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SocialCommerce.Web.Account;

/// <summary>
/// The keys that encrypt session cookies and antiforgery tokens. Every replica must hold the same ones, or a shopper
/// bounced to another replica is signed out. In a cluster they come from a secret (<c>Web:KeyRing</c>, made once by
/// <c>new-key-ring</c>) and are never generated at run time; on a laptop from a directory (<c>Web:KeysDirectory</c>).
/// </summary>
public static class KeyRing
{
    public const string ApplicationName = "socialcommerce-web";

    public static void Configure(IHostApplicationBuilder builder)
    {
        var protection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (builder.Configuration["Web:KeyRing"] is { Length: > 0 } xml)
        {
            var repository = new ConfiguredKeys(XElement.Parse(xml));
            builder.Services.Configure<KeyManagementOptions>(options => options.XmlRepository = repository);
            protection.DisableAutomaticKeyGeneration();
        }
        else if (builder.Configuration["Web:KeysDirectory"] is { Length: > 0 } directory)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(directory));
        }
    }

    /// <summary>
    /// A new key ring for <c>Web:KeyRing</c>: one key, valid for <paramref name="days"/> days. Rotate by generating a new
    /// ring and keeping the old key in it (both &lt;key&gt; elements) until the cookies it protected have expired.
    /// </summary>
    public static string Generate(int days)
    {
        var folder = Directory.CreateTempSubdirectory("web-keys");
        try
        {
            var provider = DataProtectionProvider.Create(folder, options => options.SetApplicationName(ApplicationName)
                .SetDefaultKeyLifetime(TimeSpan.FromDays(days)));
            provider.CreateProtector("key-ring").Protect("x"u8.ToArray());
            var ring = new XElement("keyRing", folder.GetFiles("key-*.xml").Select(file => XElement.Load(file.FullName)));
            return ring.ToString(SaveOptions.DisableFormatting);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed class ConfiguredKeys(XElement ring) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => ring.Elements("key").ToList();

        public void StoreElement(XElement element, string friendlyName) =>
            throw new InvalidOperationException("Web:KeyRing is read-only: generate keys with the new-key-ring command.");
    }
}
