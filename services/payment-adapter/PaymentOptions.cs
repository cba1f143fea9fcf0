using System.ComponentModel.DataAnnotations;

namespace SocialCommerce.PaymentAdapter;

public sealed class PaymentOptions
{
    /// <summary>How far a webhook's timestamp may be from our clock; older ones are replays.</summary>
    [Range(30, 3600)]
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>A payment or refund still pending this long is checked with the provider.</summary>
    [Range(5, 86400)]
    public int ReconcileAfterSeconds { get; set; } = 120;

    [Range(1, 3600)]
    public int ReconcileIntervalSeconds { get; set; } = 30;
}

/// <summary>The sandbox provider's address and this platform's merchant account with it. Secrets come from configuration.</summary>
public sealed class SandboxOptions
{
    [Required, Url]
    public string BaseUrl { get; set; } = "";

    [Required]
    public string MerchantId { get; set; } = "";

    [Required]
    public string ApiKey { get; set; } = "";

    [Required, MinLength(16)]
    public string WebhookSecret { get; set; } = "";

    /// <summary>Where the provider posts callbacks: this service's webhook, as the provider can reach it.</summary>
    [Required, Url]
    public string NotifyUrl { get; set; } = "";
}
