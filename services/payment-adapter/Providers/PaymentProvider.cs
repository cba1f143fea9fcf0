using SocialCommerce.ServiceDefaults.Security;

namespace SocialCommerce.PaymentAdapter.Providers;

public sealed record ProviderPayment(string ProviderPaymentId, string PayUrl);

public enum ProviderPaymentStatus { Pending, Succeeded, Failed }

public sealed record ProviderPaymentState(string ProviderPaymentId, Guid PaymentId, long Amount, string Currency, ProviderPaymentStatus Status);

public sealed record ProviderRefund(string ProviderRefundId, Guid RefundId, long Amount, bool Succeeded);

/// <summary>A payout as the provider decided it; <paramref name="FailureReason"/> is set when it failed.</summary>
public sealed record ProviderPayout(string ProviderPayoutId, bool Succeeded, string? FailureReason);

/// <summary>What a verified callback says happened. Payment ids are ours (the provider echoes our reference).</summary>
public abstract record ProviderEvent(string EventId, Guid PaymentId, string ProviderPaymentId, long Amount, string Currency);

public sealed record PaymentSucceededAtProvider(string EventId, Guid PaymentId, string ProviderPaymentId, long Amount, string Currency)
    : ProviderEvent(EventId, PaymentId, ProviderPaymentId, Amount, Currency);

public sealed record PaymentFailedAtProvider(string EventId, Guid PaymentId, string ProviderPaymentId, long Amount, string Currency)
    : ProviderEvent(EventId, PaymentId, ProviderPaymentId, Amount, Currency);

public sealed record RefundSucceededAtProvider(
    string EventId, Guid PaymentId, string ProviderPaymentId, long Amount, string Currency, Guid RefundId, string ProviderRefundId, long RefundAmount)
    : ProviderEvent(EventId, PaymentId, ProviderPaymentId, Amount, Currency);

/// <summary>The provider could not be reached or answered 5xx: the caller may retry, nothing was decided.</summary>
public sealed class ProviderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The port to a payment provider (the sandbox now; WeChat Pay and Alipay adapters later). Every call is idempotent
/// at the provider by our ids, so a timeout may be retried. Callbacks are verified here because each provider
/// signs differently.
/// </summary>
public interface IPaymentProvider
{
    string Name { get; }

    Task<ProviderPayment> CreatePaymentAsync(Guid paymentId, long amount, string currency, string description, CancellationToken cancellationToken);

    Task<ProviderPaymentState?> GetPaymentAsync(string providerPaymentId, CancellationToken cancellationToken);

    Task<ProviderRefund> RefundAsync(string providerPaymentId, Guid refundId, long amount, CancellationToken cancellationToken);

    /// <summary>Pays <paramref name="amount"/> to the user's wallet; decided in the answer.</summary>
    Task<ProviderPayout> PayoutAsync(Guid payoutId, Guid userId, long amount, string currency, string description, CancellationToken cancellationToken);

    /// <returns>The event, or why the callback must be refused (bad signature, stale timestamp, malformed body).</returns>
    (ProviderEvent? Event, WebhookRejection? Rejection) VerifyWebhook(IHeaderDictionary headers, string body, DateTimeOffset now);
}
