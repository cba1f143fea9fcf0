using System.Security.Cryptography;
using System.Text;

namespace SocialCommerce.SandboxProvider.Merchants;

/// <summary>The merchants configured under <c>Sandbox:Merchants:&lt;merchantId&gt;</c>, read once at start.</summary>
public sealed class MerchantDirectory
{
    private readonly Dictionary<string, Merchant> merchants;

    public MerchantDirectory(IEnumerable<Merchant> merchants) =>
        this.merchants = merchants.ToDictionary(merchant => merchant.Id, StringComparer.Ordinal);

    public static MerchantDirectory FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var merchants = configuration.GetSection("Sandbox:Merchants").GetChildren()
            .Select(section => new Merchant(section.Key, section["ApiKey"] ?? "", section["WebhookSecret"] ?? ""))
            .ToList();
        foreach (var merchant in merchants.Where(m => string.IsNullOrWhiteSpace(m.ApiKey) || string.IsNullOrWhiteSpace(m.WebhookSecret)))
        {
            throw new InvalidOperationException($"Sandbox merchant '{merchant.Id}' needs both Sandbox:Merchants:{merchant.Id}:ApiKey and :WebhookSecret.");
        }

        // Only appsettings.Development.json ships a merchant (with development-only secrets); anywhere else the secrets
        // must come from the environment, and starting without any would give a provider that answers 401 to everything.
        if (merchants.Count == 0 && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No sandbox merchant is configured. Set Sandbox:Merchants:<merchantId>:ApiKey and Sandbox:Merchants:<merchantId>:WebhookSecret " +
                "(environment: Sandbox__Merchants__<merchantId>__ApiKey and Sandbox__Merchants__<merchantId>__WebhookSecret).");
        }

        return new MerchantDirectory(merchants);
    }

    public Merchant? Find(string merchantId) => merchants.GetValueOrDefault(merchantId);

    public Merchant? Authenticate(string? merchantId, string? apiKey)
    {
        if (string.IsNullOrEmpty(merchantId) || string.IsNullOrEmpty(apiKey) || !merchants.TryGetValue(merchantId, out var merchant))
        {
            return null;
        }

        // Hashing first gives equal lengths, so the fixed-time compare leaks neither content nor length of the key.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(merchant.ApiKey));
        return CryptographicOperations.FixedTimeEquals(presented, expected) ? merchant : null;
    }
}
