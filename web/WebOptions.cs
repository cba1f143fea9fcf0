namespace SocialCommerce.Web;

/// <summary>The <c>Web</c> configuration section (docs/configuration.md).</summary>
public sealed class WebOptions
{
    /// <summary>Where the web server reaches the gateway's API (inside the cluster).</summary>
    public string ApiUrl { get; set; } = "";

    /// <summary>The gateway's address as shoppers reach it: the pay page links back here.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>How long before its expiry an access token is refreshed (a request must not set out with a dying token).</summary>
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The cookie-protection key ring as XML (a secret; <c>new-key-ring</c> makes one). Wins over the directory.</summary>
    public string KeyRing { get; set; } = "";

    /// <summary>A directory for the key ring, where keys are made as needed (one machine); neither set keeps them in memory.</summary>
    public string KeysDirectory { get; set; } = "";
}
