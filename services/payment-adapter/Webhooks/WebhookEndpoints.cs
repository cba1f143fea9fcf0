using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.PaymentAdapter.Payments;
using SocialCommerce.PaymentAdapter.Providers;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.ServiceDefaults.Security;

namespace SocialCommerce.PaymentAdapter.Webhooks;

/// <summary>
/// POST /api/payment/webhooks/{provider}: public, trusted only through the provider's signature. A verified event is
/// applied once (<see cref="ProviderEvents"/>); a duplicate answers 200 so the provider stops sending it; anything that
/// fails verification or does not match our payment changes nothing, is logged without its secrets and counted.
/// </summary>
public static partial class WebhookEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder payment)
    {
        payment.MapPost("/webhooks/{provider}", Receive).AllowAnonymous().WithTag("Webhooks", "Signed provider callbacks; each notification is applied once however often it is delivered.")
            .WithSummary("Receive a payment provider's callback");
        return payment;
    }

    public static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> Receive(
        string provider, HttpContext context, IPaymentProvider payments, NpgsqlDataSource dataSource, PaymentMetrics metrics, TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoints));
        if (provider != payments.Name) return Problems.NotFound("No such payment provider.");
        if (context.Request.ContentLength > MaxBodyBytes) return Reject(logger, metrics, provider, new WebhookRejection("too-large", "body over 64 KiB"), 400);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);

        var now = time.GetUtcNow();
        var (received, rejection) = payments.VerifyWebhook(context.Request.Headers, body, now);
        if (rejection is not null) return Reject(logger, metrics, provider, rejection, rejection.Reason == "malformed" ? 400 : 401);

        var (outcome, detail) = await ProviderEvents.ApplyAsync(dataSource, provider, received!, now, metrics, context.RequestAborted);
        switch (outcome)
        {
            case EventOutcome.Duplicate:
                metrics.Webhook(provider, "duplicate");
                return TypedResults.Ok(new WebhookAnswer("duplicate"));
            case EventOutcome.UnknownPayment:
                return Reject(logger, metrics, provider, new WebhookRejection("unknown-payment", detail!), 404);
            case EventOutcome.AmountMismatch:
                return Reject(logger, metrics, provider, new WebhookRejection("amount-mismatch", detail!), 400);
            default:
                var applied = outcome == EventOutcome.Applied;
                metrics.Webhook(provider, applied ? "accepted" : "no-change");
                return TypedResults.Ok(new WebhookAnswer(applied ? "applied" : "no-change"));
        }
    }

    private static ProblemHttpResult Reject(ILogger logger, PaymentMetrics metrics, string provider, WebhookRejection rejection, int status)
    {
        LogRejected(logger, provider, rejection.Reason, rejection.Detail);
        metrics.Webhook(provider, rejection.Reason);
        return TypedResults.Problem(title: "The callback was refused.", detail: rejection.Reason, statusCode: status,
            type: ProblemTypes.ForStatus(status));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Provider} webhook: {Reason} ({Detail})")]
    private static partial void LogRejected(ILogger logger, string provider, string reason, string detail);
}

/// <param name="Result">applied, no-change (a stale or repeated outcome) or duplicate (this event id was seen).</param>
public sealed record WebhookAnswer(string Result);
