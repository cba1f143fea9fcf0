using System.Text.Json.Serialization;

namespace SocialCommerce.SandboxProvider.Payments;

/// <summary>Fields are nullable so that a missing one is answered with a message naming it rather than a bare 400.</summary>
public sealed record CreatePaymentRequest(string? MerchantReference, long? Amount, string? Currency, string? Description, string? NotifyUrl)
{
    public const int MaxReferenceLength = 64;
    public const int MaxDescriptionLength = 256;

    public string? Validate() => this switch
    {
        { MerchantReference: null or "" } or { MerchantReference.Length: > MaxReferenceLength } =>
            $"merchantReference is required (at most {MaxReferenceLength} characters).",
        { Amount: null or <= 0 } => "amount must be a whole number of fen greater than 0.",
        { Currency: not "CNY" } => "currency must be CNY.",
        { Description: null } or { Description: { Length: > MaxDescriptionLength } } =>
            $"description is required (at most {MaxDescriptionLength} characters).",
        _ when !IsCallbackUrl(NotifyUrl) => "notifyUrl must be an absolute http or https URL.",
        _ => null,
    };

    private static bool IsCallbackUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

public sealed record CreateRefundRequest(string? MerchantRefundReference, long? Amount)
{
    public string? Validate() => this switch
    {
        { MerchantRefundReference: null or "" } or { MerchantRefundReference.Length: > CreatePaymentRequest.MaxReferenceLength } =>
            $"merchantRefundReference is required (at most {CreatePaymentRequest.MaxReferenceLength} characters).",
        { Amount: null or <= 0 } => "amount must be a whole number of fen greater than 0.",
        _ => null,
    };
}

public sealed record PaymentView(
    string ProviderPaymentId, string MerchantReference, long Amount, string Currency, string Status, long RefundedAmount,
    string PayUrl, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PaidAt,
    IReadOnlyList<RefundView> Refunds);

public sealed record RefundView(string ProviderRefundId, string MerchantRefundReference, long Amount, string Status, DateTimeOffset CreatedAt);
