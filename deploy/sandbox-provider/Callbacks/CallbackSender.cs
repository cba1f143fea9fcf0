using System.Globalization;
using System.Text;

namespace SocialCommerce.SandboxProvider.Callbacks;

/// <summary>Makes one signed HTTP attempt and records it in the <see cref="CallbackLog"/>.</summary>
public sealed class CallbackSender(IHttpClientFactory httpClients, CallbackLog log, TimeProvider clock, ILogger<CallbackSender> logger)
{
    public const string HttpClientName = "callbacks";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <returns>Whether the receiver answered 2xx.</returns>
    public async Task<bool> SendAsync(PendingCallback callback, int copy, int attempt, CancellationToken cancellationToken)
    {
        // A fresh timestamp (and so a fresh signature) per attempt, as real providers do: a receiver that rejects
        // stale timestamps must still accept a retry that comes minutes after the event.
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, callback.NotifyUrl)
        {
            Content = new StringContent(callback.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(CallbackSignature.TimestampHeader, timestamp);
        request.Headers.Add(CallbackSignature.SignatureHeader, CallbackSignature.Compute(callback.Merchant.WebhookSecret, timestamp, callback.Body));

        int? status = null;
        string? error = null;
        var sentAt = clock.GetUtcNow();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException exception)
        {
            error = exception.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {Timeout.TotalSeconds:0} s";
        }

        var delivered = status is >= 200 and < 300;
        log.Record(callback.Merchant.Id, new CallbackAttempt(
            callback.Event.EventId, callback.Event.Type, callback.NotifyUrl.ToString(), copy, attempt, status, error, sentAt));
        if (!delivered)
        {
            logger.LogInformation("Callback {EventId} ({Type}) copy {Copy} attempt {Attempt} to {Url} not accepted: {Status}",
                callback.Event.EventId, callback.Event.Type, copy, attempt, callback.NotifyUrl, status?.ToString(CultureInfo.InvariantCulture) ?? error);
        }

        return delivered;
    }
}
