using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.PaymentAdapter.Payments;
using SocialCommerce.PaymentAdapter.Providers;

namespace SocialCommerce.PaymentAdapter.Reconciliation;

/// <summary>
/// Callbacks get lost; providers say so in their manuals. Payments and refunds pending longer than
/// <see cref="PaymentOptions.ReconcileAfterSeconds"/> are asked about (payments) or sent again (refunds, idempotent by
/// id) and the answer applied through the same guarded transitions as a webhook. Each row is leased by moving its
/// next check forward with SKIP LOCKED, so replicas share the work and none asks twice at once. Run every
/// <see cref="PaymentOptions.ReconcileIntervalSeconds"/> as a periodic sweep (PaymentFeature).
/// </summary>
public sealed partial class ReconciliationJob(
    NpgsqlDataSource dataSource, IPaymentProvider provider, PaymentStore store, TimeProvider time, IOptions<PaymentOptions> options,
    PaymentMetrics metrics, ILogger<ReconciliationJob> logger)
{
    private const int Batch = 50;

    /// <returns>How many payments and refunds were looked at.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var olderThan = now.AddSeconds(-options.Value.ReconcileAfterSeconds);
        var nextCheck = now.AddSeconds(options.Value.ReconcileAfterSeconds);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var payments = (await connection.QueryAsync<(Guid Id, string ProviderPaymentId)>(
            """
            UPDATE payments SET next_check_at = @nextCheck
            WHERE id IN (SELECT id FROM payments WHERE status = 'pending' AND provider_payment_id IS NOT NULL
                         AND created_at < @olderThan AND next_check_at <= @now
                         ORDER BY next_check_at LIMIT @Batch FOR UPDATE SKIP LOCKED)
            RETURNING id, provider_payment_id
            """,
            new { nextCheck, olderThan, now, Batch })).ToList();
        foreach (var (paymentId, providerPaymentId) in payments)
        {
            await ReconcilePaymentAsync(connection, paymentId, providerPaymentId, cancellationToken);
        }

        // Payments the provider never confirmed creating (it was down, or we crashed before storing its answer):
        // creating again is idempotent by our id, and the next round checks them like the others.
        var unattached = (await connection.QueryAsync<PaymentRow>(
            $"""
            UPDATE payments SET next_check_at = @nextCheck
            WHERE id IN (SELECT id FROM payments WHERE status = 'pending' AND provider_payment_id IS NULL
                         AND created_at < @olderThan AND next_check_at <= @now
                         ORDER BY next_check_at LIMIT @Batch FOR UPDATE SKIP LOCKED)
            RETURNING {PaymentRow.Columns}
            """,
            new { nextCheck, olderThan, now, Batch })).ToList();
        foreach (var payment in unattached)
        {
            try
            {
                await store.CreateAtProviderAsync(payment, cancellationToken);
            }
            catch (ProviderUnavailableException)
            {
                // Still down; the lease expires and the next round tries again.
            }
        }

        var refunds = (await connection.QueryAsync<(Guid Id, long Amount, string ProviderPaymentId)>(
            """
            UPDATE refunds r SET next_check_at = @nextCheck FROM payments p
            WHERE p.id = r.payment_id AND r.id IN (SELECT id FROM refunds WHERE status = 'pending' AND created_at < @olderThan
                                                   AND next_check_at <= @now ORDER BY next_check_at LIMIT @Batch FOR UPDATE SKIP LOCKED)
            RETURNING r.id, r.amount, p.provider_payment_id
            """,
            new { nextCheck, olderThan, now, Batch })).ToList();
        foreach (var (refundId, amount, providerPaymentId) in refunds)
        {
            try
            {
                await store.SubmitRefundAsync(providerPaymentId, refundId, amount, cancellationToken);
            }
            catch (ProviderUnavailableException)
            {
                // Still owed; the lease expires and the next round sends it again.
            }
        }

        return payments.Count + unattached.Count + refunds.Count;
    }

    private async Task ReconcilePaymentAsync(NpgsqlConnection connection, Guid paymentId, string providerPaymentId, CancellationToken cancellationToken)
    {
        ProviderPaymentState? state;
        try
        {
            state = await provider.GetPaymentAsync(providerPaymentId, cancellationToken);
        }
        catch (ProviderUnavailableException)
        {
            return;
        }

        if (state is null || state.Status == ProviderPaymentStatus.Pending) return;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var applied = state.Status == ProviderPaymentStatus.Succeeded
            ? await PaymentTransitions.SucceedAsync(connection, transaction, paymentId, time.GetUtcNow(), metrics)
            : await PaymentTransitions.FailAsync(connection, transaction, paymentId, "declined at the provider", time.GetUtcNow(), metrics);
        await transaction.CommitAsync(cancellationToken);
        if (applied) LogReconciled(paymentId, state.Status);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled payment {PaymentId}: {Status} at the provider, no callback had arrived")]
    private partial void LogReconciled(Guid paymentId, ProviderPaymentStatus status);
}
