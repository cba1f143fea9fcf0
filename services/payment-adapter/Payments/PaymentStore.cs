using Dapper;
using Npgsql;
using SocialCommerce.PaymentAdapter.Providers;

namespace SocialCommerce.PaymentAdapter.Payments;

public enum RefundOutcome { Accepted, NotFound, NotRefundable, ExceedsRefundable, IdReused }

/// <summary>
/// Payments and refunds. Our row is written and committed before the provider is asked, under an id the provider
/// treats as idempotent, so a crash or timeout between the two is finished by the next call or by reconciliation,
/// never by a second charge.
/// </summary>
public sealed class PaymentStore(NpgsqlDataSource dataSource, IPaymentProvider provider, TimeProvider time, PaymentMetrics metrics)
{
    public async Task<PaymentRow?> FindAsync(Guid paymentId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<PaymentRow>(
            $"SELECT {PaymentRow.Columns} FROM payments WHERE id = @paymentId", new { paymentId });
    }

    /// <summary>The order's open (or already paid) payment, created at the provider if it is not there yet.</summary>
    /// <exception cref="ProviderUnavailableException">The provider is down; the payment stays pending and a repeat finishes it.</exception>
    public async Task<PaymentRow> CreateAsync(Guid orderId, Guid userId, long amount, string currency, string description, CancellationToken cancellationToken)
    {
        var payment = await OpenPaymentAsync(orderId, userId, amount, currency, description);
        if (payment.ProviderPaymentId is not null || payment.Status != PaymentStatus.Pending) return payment;
        return await CreateAtProviderAsync(payment, cancellationToken);
    }

    /// <summary>Asks the provider for our payment (again: it is idempotent by our id) and stores its id and pay URL.</summary>
    internal async Task<PaymentRow> CreateAtProviderAsync(PaymentRow payment, CancellationToken cancellationToken)
    {
        var created = await provider.CreatePaymentAsync(payment.Id, payment.Amount, payment.Currency, payment.Description, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<PaymentRow>(
            $"""
            UPDATE payments SET provider_payment_id = coalesce(provider_payment_id, @ProviderPaymentId), pay_url = coalesce(pay_url, @PayUrl),
                updated_at = @now
            WHERE id = @id
            RETURNING {PaymentRow.Columns}
            """,
            new { created.ProviderPaymentId, created.PayUrl, now = time.GetUtcNow(), id = payment.Id });
    }

    // The order's open payment, or a new one: one statement, so opening a payment costs one round trip and one transaction.
    private async Task<PaymentRow> OpenPaymentAsync(Guid orderId, Guid userId, long amount, string currency, string description)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        var args = new { id = Guid.CreateVersion7(), orderId, userId, amount, currency, description, provider = provider.Name, now };
        while (true)
        {
            var payment = await connection.QuerySingleOrDefaultAsync<PaymentRow>(
                $"""
                WITH existing AS (
                    SELECT * FROM payments WHERE order_id = @orderId AND status <> 'failed' ORDER BY created_at DESC LIMIT 1
                ), created AS (
                    INSERT INTO payments (id, order_id, user_id, amount, currency, description, provider, status, created_at, updated_at, next_check_at)
                    SELECT @id, @orderId, @userId, @amount, @currency, @description, @provider, 'pending', @now, @now, @now
                    WHERE NOT EXISTS (SELECT 1 FROM existing)
                    ON CONFLICT DO NOTHING
                    RETURNING *
                )
                SELECT {PaymentRow.Columns} FROM existing UNION ALL SELECT {PaymentRow.Columns} FROM created
                """,
                args);
            // Nothing only when a concurrent call opened the order's payment after this statement's snapshot: read theirs.
            if (payment is not null) return payment;
        }
    }

    /// <summary>
    /// Accepts a refund if what is left to refund covers it (a guarded update on the payment, so concurrent refunds
    /// cannot together exceed it), then asks the provider. A refund id seen before answers as it did.
    /// </summary>
    public async Task<(RefundOutcome Outcome, string Status)> RefundAsync(Guid paymentId, Guid refundId, long amount, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string providerPaymentId;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var payment = await connection.QuerySingleOrDefaultAsync<PaymentRow>(
                $"SELECT {PaymentRow.Columns} FROM payments WHERE id = @paymentId FOR UPDATE", new { paymentId }, transaction);
            if (payment is null) return (RefundOutcome.NotFound, "");
            var earlier = await connection.QuerySingleOrDefaultAsync<RefundRow>(
                "SELECT id, payment_id, amount, status FROM refunds WHERE id = @refundId", new { refundId }, transaction);
            if (earlier is not null)
            {
                return earlier.PaymentId == paymentId && earlier.Amount == amount ? (RefundOutcome.Accepted, earlier.Status) : (RefundOutcome.IdReused, "");
            }

            if (payment.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded)) return (RefundOutcome.NotRefundable, "");
            var accepted = await connection.ExecuteAsync(
                """
                UPDATE payments SET refund_committed = refund_committed + @amount, updated_at = @now
                WHERE id = @paymentId AND refund_committed + @amount <= amount;
                """,
                new { paymentId, amount, now }, transaction);
            if (accepted == 0) return (RefundOutcome.ExceedsRefundable, "");
            await connection.ExecuteAsync(
                """
                INSERT INTO refunds (id, payment_id, amount, reason, status, created_at, next_check_at)
                VALUES (@refundId, @paymentId, @amount, @reason, 'pending', @now, @now)
                """,
                new { refundId, paymentId, amount, reason, now }, transaction);
            await transaction.CommitAsync(cancellationToken);
            providerPaymentId = payment.ProviderPaymentId!;
        }

        try
        {
            return (RefundOutcome.Accepted, await SubmitRefundAsync(providerPaymentId, refundId, amount, cancellationToken));
        }
        catch (ProviderUnavailableException)
        {
            return (RefundOutcome.Accepted, "pending"); // accepted and owed: reconciliation submits it again
        }
    }

    /// <summary>Sends an accepted refund to the provider (again, if need be) and applies a synchronous success.</summary>
    internal async Task<string> SubmitRefundAsync(string providerPaymentId, Guid refundId, long amount, CancellationToken cancellationToken)
    {
        var refund = await provider.RefundAsync(providerPaymentId, refundId, amount, cancellationToken);
        if (!refund.Succeeded) return "pending";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PaymentTransitions.RefundSucceededAsync(connection, transaction, refundId, refund.ProviderRefundId, time.GetUtcNow(), metrics);
        await transaction.CommitAsync(cancellationToken);
        return "succeeded";
    }
}
