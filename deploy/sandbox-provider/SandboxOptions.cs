namespace SocialCommerce.SandboxProvider;

/// <summary>The "Sandbox" configuration section (merchants are read by <see cref="Merchants.MerchantDirectory"/>).</summary>
public sealed class SandboxOptions
{
    /// <summary>Base URL that browsers reach this process on; pay URLs are built from it.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5140";

    public static SandboxOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection("Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();
        if (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Sandbox:PublicUrl must be an absolute http(s) URL, not '{options.PublicUrl}'.");
        }

        options.PublicUrl = options.PublicUrl.TrimEnd('/');
        return options;
    }
}
