using System.Text.Json.Serialization;
using SocialCommerce.SandboxProvider.Faults;
using SocialCommerce.SandboxProvider.Merchants;

namespace SocialCommerce.SandboxProvider.Callbacks;

public static class CallbackTypes
{
    public const string PaymentSucceeded = "payment.succeeded";
    public const string PaymentFailed = "payment.failed";
    public const string RefundSucceeded = "refund.succeeded";
}

/// <summary>The JSON body POSTed to a payment's notifyUrl. Amount and currency are the payment's; a refund's are in <see cref="Refund"/>.</summary>
public sealed record CallbackEvent(
    string EventId, string Type, string ProviderPaymentId, string MerchantReference, long Amount, string Currency,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CallbackRefund? Refund);

public sealed record CallbackRefund(string ProviderRefundId, string MerchantRefundReference, long Amount);

/// <summary>
/// A queued callback: the body is serialised once so that every attempt and every duplicate copy carries the same
/// bytes (and the same eventId); the merchant's behaviour is the one in force when the event happened.
/// </summary>
public sealed record PendingCallback(Merchant Merchant, Uri NotifyUrl, CallbackEvent Event, string Body, Behaviour Behaviour);
