using Dapper;
using Npgsql;
using SocialCommerce.PaymentAdapter.Payments;
using SocialCommerce.PaymentAdapter.Providers;

namespace SocialCommerce.PaymentAdapter.Webhooks;

public enum EventOutcome { Applied, NoChange, Duplicate, UnknownPayment, AmountMismatch }

/// <summary>
/// A verified provider event applied to our payment once: its id is recorded in the same transaction as the state change,
/// so a repeat is a duplicate and changes nothing, and an event that does not match our payment (amount, currency, the
/// provider's payment id, or a refund's amount) is refused with nothing written.
/// </summary>
public static class ProviderEvents
{
    /// <returns>The outcome, and for a mismatch what did not match (for the log; no secrets).</returns>
    public static async Task<(EventOutcome Outcome, string? Detail)> ApplyAsync(
        NpgsqlDataSource dataSource, string provider, ProviderEvent received, DateTimeOffset now, PaymentMetrics metrics,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The event's id and the payment's lock in one round trip; a duplicate's lock goes with its rollback.
        bool first;
        PaymentRow? payment;
        await using (var results = await connection.QueryMultipleAsync(
            $"""
            INSERT INTO webhook_events (provider, event_id, received_at) VALUES (@provider, @EventId, @now) ON CONFLICT DO NOTHING RETURNING true;
            SELECT {PaymentRow.Columns} FROM payments WHERE id = @PaymentId FOR UPDATE;
            """,
            new { provider, received.EventId, now, received.PaymentId }, transaction))
        {
            first = await results.ReadSingleOrDefaultAsync<bool>();
            payment = await results.ReadSingleOrDefaultAsync<PaymentRow>();
        }

        if (!first) return (EventOutcome.Duplicate, null);
        if (payment is null) return (EventOutcome.UnknownPayment, $"no payment {received.PaymentId}");
        if (payment.ProviderPaymentId is { } known && known != received.ProviderPaymentId
            || payment.Amount != received.Amount || payment.Currency != received.Currency)
        {
            return (EventOutcome.AmountMismatch,
                $"payment {payment.Id}: callback says {received.Amount} {received.Currency} for {received.ProviderPaymentId}");
        }

        if (received is RefundSucceededAtProvider refunded
            && await connection.ExecuteScalarAsync<long?>("SELECT amount FROM refunds WHERE id = @RefundId AND payment_id = @PaymentId",
                new { refunded.RefundId, refunded.PaymentId }, transaction) is { } owed && owed != refunded.RefundAmount)
        {
            return (EventOutcome.AmountMismatch, $"refund {refunded.RefundId}: callback says {refunded.RefundAmount}, we asked for {owed}");
        }

        // The provider created the payment but we crashed before storing its id: the signed callback supplies it.
        if (payment.ProviderPaymentId is null)
        {
            await connection.ExecuteAsync("UPDATE payments SET provider_payment_id = @ProviderPaymentId WHERE id = @PaymentId",
                new { received.ProviderPaymentId, received.PaymentId }, transaction);
        }

        var applied = received switch
        {
            PaymentSucceededAtProvider => await PaymentTransitions.SucceedAsync(connection, transaction, payment, now, metrics),
            PaymentFailedAtProvider => await PaymentTransitions.FailAsync(connection, transaction, payment.Id, "declined at the provider", now, metrics),
            RefundSucceededAtProvider refund => await PaymentTransitions.RefundSucceededAsync(connection, transaction, refund.RefundId, refund.ProviderRefundId, now, metrics),
            _ => false,
        };
        await transaction.CommitAsync(cancellationToken);
        return (applied ? EventOutcome.Applied : EventOutcome.NoChange, null);
    }
}
