using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SocialCommerce.ServiceDefaults.Security;

namespace SocialCommerce.PaymentAdapter.Providers;

/// <summary>
/// The sandbox provider (deploy/sandbox-provider) over its HTTP API. Our payment and refund ids are its merchant
/// references, which makes every call idempotent there, so the standard resilience handler may retry them.
/// </summary>
public sealed class SandboxProvider(HttpClient http, IOptions<SandboxOptions> options, IOptions<PaymentOptions> paymentOptions) : IPaymentProvider
{
    public const string ProviderName = "sandbox";

    public string Name => ProviderName;

    public async Task<ProviderPayment> CreatePaymentAsync(Guid paymentId, long amount, string currency, string description, CancellationToken cancellationToken)
    {
        var created = await SendAsync<PaymentResource>(HttpMethod.Post, "v1/payments",
            new { merchantReference = paymentId.ToString(), amount, currency, description, notifyUrl = options.Value.NotifyUrl }, cancellationToken);
        return new ProviderPayment(created!.ProviderPaymentId, created.PayUrl ?? "");
    }

    public async Task<ProviderPaymentState?> GetPaymentAsync(string providerPaymentId, CancellationToken cancellationToken)
    {
        var payment = await SendAsync<PaymentResource>(HttpMethod.Get, $"v1/payments/{Uri.EscapeDataString(providerPaymentId)}", null, cancellationToken);
        if (payment is null || !Guid.TryParse(payment.MerchantReference, out var paymentId)) return null;
        return new ProviderPaymentState(payment.ProviderPaymentId, paymentId, payment.Amount, payment.Currency, payment.Status switch
        {
            "succeeded" => ProviderPaymentStatus.Succeeded,
            "failed" => ProviderPaymentStatus.Failed,
            _ => ProviderPaymentStatus.Pending,
        });
    }

    public async Task<ProviderRefund> RefundAsync(string providerPaymentId, Guid refundId, long amount, CancellationToken cancellationToken)
    {
        var refund = await SendAsync<RefundResource>(HttpMethod.Post, $"v1/payments/{Uri.EscapeDataString(providerPaymentId)}/refunds",
            new { merchantRefundReference = refundId.ToString(), amount }, cancellationToken);
        return new ProviderRefund(refund!.ProviderRefundId, refundId, refund.Amount, refund.Status == "succeeded");
    }

    public async Task<ProviderPayout> PayoutAsync(Guid payoutId, Guid userId, long amount, string currency, string description, CancellationToken cancellationToken)
    {
        var payout = await SendAsync<PayoutResource>(HttpMethod.Post, "v1/payouts",
            new { merchantReference = payoutId.ToString(), amount, currency, recipient = userId.ToString(), description }, cancellationToken);
        return new ProviderPayout(payout!.ProviderPayoutId, payout.Status == "succeeded", payout.FailureReason);
    }

    public (ProviderEvent? Event, WebhookRejection? Rejection) VerifyWebhook(IHeaderDictionary headers, string body, DateTimeOffset now)
    {
        var rejection = WebhookSignature.Verify(
            headers["X-Sandbox-Timestamp"], headers["X-Sandbox-Signature"], body, options.Value.WebhookSecret, now,
            TimeSpan.FromSeconds(paymentOptions.Value.WebhookToleranceSeconds));
        if (rejection is not null) return (null, rejection);

        Callback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<Callback>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            callback = null;
        }

        if (callback is null || string.IsNullOrEmpty(callback.EventId) || !Guid.TryParse(callback.MerchantReference, out var paymentId))
            return (null, new WebhookRejection("malformed", "the body is not a sandbox callback"));
        return callback.Type switch
        {
            "payment.succeeded" => (new PaymentSucceededAtProvider(callback.EventId, paymentId, callback.ProviderPaymentId, callback.Amount, callback.Currency), null),
            "payment.failed" => (new PaymentFailedAtProvider(callback.EventId, paymentId, callback.ProviderPaymentId, callback.Amount, callback.Currency), null),
            "refund.succeeded" when callback.Refund is { } refund && Guid.TryParse(refund.MerchantRefundReference, out var refundId) =>
                (new RefundSucceededAtProvider(callback.EventId, paymentId, callback.ProviderPaymentId, callback.Amount, callback.Currency,
                    refundId, refund.ProviderRefundId, refund.Amount), null),
            _ => (null, new WebhookRejection("malformed", $"unknown callback type '{callback.Type}'")),
        };
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) where T : class
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Merchant-Id", options.Value.MerchantId);
        request.Headers.Add("X-Api-Key", options.Value.ApiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException
                                          && !cancellationToken.IsCancellationRequested)
        {
            throw new ProviderUnavailableException("The sandbox provider could not be reached.", exception);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && method == HttpMethod.Get) return null;
            if ((int)response.StatusCode >= 500) throw new ProviderUnavailableException($"The sandbox provider answered {(int)response.StatusCode}.");
            if (!response.IsSuccessStatusCode)
            {
                // A 4xx is our bug or a conflict the provider will not change its mind about; never retry it blindly.
                throw new InvalidOperationException($"The sandbox provider refused {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
        }
    }

    private sealed record PaymentResource(string ProviderPaymentId, string MerchantReference, long Amount, string Currency, string Status, string? PayUrl);

    private sealed record RefundResource(string ProviderRefundId, string MerchantRefundReference, long Amount, string Status);

    private sealed record PayoutResource(string ProviderPayoutId, string Status, string? FailureReason);

    private sealed record CallbackRefund(string ProviderRefundId, string MerchantRefundReference, long Amount);

    private sealed record Callback(
        string EventId, string Type, string ProviderPaymentId, string MerchantReference, long Amount, string Currency, CallbackRefund? Refund);
}
