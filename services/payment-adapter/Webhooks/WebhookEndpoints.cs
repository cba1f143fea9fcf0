using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.PaymentAdapter.Payments;
using SocialCommerce.PaymentAdapter.Providers;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.ServiceDefaults.Security;

namespace SocialCommerce.PaymentAdapter.Webhooks;

/// <summary>
/// POST /api/payment/webhooks/{provider}: public, trusted only through the provider's signature. A verified event is
/// applied once (its id is recorded in the same transaction as the state change); a duplicate answers 200 so the
/// provider stops sending it; anything that fails verification or does not match our payment changes nothing,
/// is logged without its secrets and counted.
/// </summary>
public static partial class WebhookEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder payment)
    {
        payment.MapPost("/webhooks/{provider}", Receive).AllowAnonymous().WithTags("Webhooks");
        return payment;
    }

    public static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> Receive(
        string provider, HttpContext context, IPaymentProvider payments, NpgsqlDataSource dataSource, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoints));
        if (provider != payments.Name) return Problems.NotFound("No such payment provider.");
        if (context.Request.ContentLength > MaxBodyBytes) return Reject(logger, provider, new WebhookRejection("too-large", "body over 64 KiB"), 400);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);

        var now = time.GetUtcNow();
        var (received, rejection) = payments.VerifyWebhook(context.Request.Headers, body, now);
        if (rejection is not null) return Reject(logger, provider, rejection, rejection.Reason == "malformed" ? 400 : 401);

        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        await using var transaction = await connection.BeginTransactionAsync(context.RequestAborted);
        var first = await connection.ExecuteAsync(
            "INSERT INTO webhook_events (provider, event_id, received_at) VALUES (@provider, @EventId, @now) ON CONFLICT DO NOTHING",
            new { provider, received!.EventId, now }, transaction);
        if (first == 0)
        {
            PaymentMetrics.Webhook(provider, "duplicate");
            return TypedResults.Ok(new WebhookAnswer("duplicate"));
        }

        var payment = await connection.QuerySingleOrDefaultAsync<PaymentRow>(
            $"SELECT {PaymentRow.Columns} FROM payments WHERE id = @PaymentId FOR UPDATE", new { received.PaymentId }, transaction);
        if (payment is null) return Reject(logger, provider, new WebhookRejection("unknown-payment", $"no payment {received.PaymentId}"), 404);
        if (payment.ProviderPaymentId is { } known && known != received.ProviderPaymentId
            || payment.Amount != received.Amount || payment.Currency != received.Currency)
        {
            return Reject(logger, provider, new WebhookRejection("amount-mismatch",
                $"payment {payment.Id}: callback says {received.Amount} {received.Currency} for {received.ProviderPaymentId}"), 400);
        }

        if (received is RefundSucceededAtProvider refunded
            && await connection.ExecuteScalarAsync<long?>("SELECT amount FROM refunds WHERE id = @RefundId AND payment_id = @PaymentId",
                new { refunded.RefundId, refunded.PaymentId }, transaction) is { } owed && owed != refunded.RefundAmount)
        {
            return Reject(logger, provider, new WebhookRejection("amount-mismatch",
                $"refund {refunded.RefundId}: callback says {refunded.RefundAmount}, we asked for {owed}"), 400);
        }

        // The provider created the payment but we crashed before storing its id: the signed callback supplies it.
        if (payment.ProviderPaymentId is null)
        {
            await connection.ExecuteAsync("UPDATE payments SET provider_payment_id = @ProviderPaymentId WHERE id = @PaymentId",
                new { received.ProviderPaymentId, received.PaymentId }, transaction);
        }

        var applied = received switch
        {
            PaymentSucceededAtProvider => await PaymentTransitions.SucceedAsync(connection, transaction, payment.Id, now),
            PaymentFailedAtProvider => await PaymentTransitions.FailAsync(connection, transaction, payment.Id, "declined at the provider", now),
            RefundSucceededAtProvider refund => await PaymentTransitions.RefundSucceededAsync(connection, transaction, refund.RefundId, refund.ProviderRefundId, now),
            _ => false,
        };
        await transaction.CommitAsync(context.RequestAborted);
        PaymentMetrics.Webhook(provider, applied ? "accepted" : "no-change");
        return TypedResults.Ok(new WebhookAnswer(applied ? "applied" : "no-change"));
    }

    private static ProblemHttpResult Reject(ILogger logger, string provider, WebhookRejection rejection, int status)
    {
        LogRejected(logger, provider, rejection.Reason, rejection.Detail);
        PaymentMetrics.Webhook(provider, rejection.Reason);
        return TypedResults.Problem(title: "The callback was refused.", detail: rejection.Reason, statusCode: status,
            type: ProblemTypes.ForStatus(status));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Provider} webhook: {Reason} ({Detail})")]
    private static partial void LogRejected(ILogger logger, string provider, string reason, string detail);
}

/// <param name="Result">applied, no-change (a stale or repeated outcome) or duplicate (this event id was seen).</param>
public sealed record WebhookAnswer(string Result);
