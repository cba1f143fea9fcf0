namespace SocialCommerce.SandboxProvider.Merchants;

/// <summary>A merchant account at the provider: the API key it calls with and the secret its callbacks are signed with.</summary>
public sealed record Merchant(string Id, string ApiKey, string WebhookSecret)
{
    /// <summary>Binds the merchant that <see cref="MerchantAuthenticationMiddleware"/> authenticated for this request.</summary>
    public static ValueTask<Merchant?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.Items[typeof(Merchant)] as Merchant);

    // The generated record ToString would print the key and the secret into any log line that mentions a merchant.
    public override string ToString() => Id;
}
