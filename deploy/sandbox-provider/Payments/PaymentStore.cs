using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Callbacks;

namespace SocialCommerce.SandboxProvider.Payments;

/// <summary>What the pay page shows about a payment.</summary>
public sealed record PayPageModel(PaymentView Payment, string MerchantId, string Description);

/// <summary>
/// Every payment and refund, in memory (a sandbox: a restart forgets them). One lock guards all of it, which makes each
/// check-then-act atomic (idempotency, pending-only decisions, the refundable amount) and queues callbacks in the
/// order the state changed; the sandbox never needs more throughput than that allows.
/// </summary>
public sealed class PaymentStore(SandboxOptions options, CallbackQueue callbacks, TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Payment> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string MerchantId, string Reference), Payment> byReference = [];
    private readonly Dictionary<(string MerchantId, string Reference), (Payment Payment, Refund Refund)> refundsByReference = [];

    public Outcome<PaymentView> Create(string merchantId, string reference, long amount, string currency, string description, Uri notifyUrl)
    {
        lock (gate)
        {
            if (byReference.TryGetValue((merchantId, reference), out var existing))
            {
                return existing.Amount == amount && existing.Currency == currency
                    ? Outcome<PaymentView>.Existing(existing.ToView())
                    : Failure.Conflict("reference-reused", $"merchantReference '{reference}' already names a payment of {existing.Amount} {existing.Currency}.");
            }

            var id = ProviderIds.New("sbx_pay_");
            var payment = new Payment
            {
                Id = id, MerchantId = merchantId, MerchantReference = reference, Amount = amount, Currency = currency,
                Description = description, NotifyUrl = notifyUrl, PayUrl = $"{options.PublicUrl}/pay/{id}", CreatedAt = clock.GetUtcNow(),
            };
            byId[id] = payment;
            byReference[(merchantId, reference)] = payment;
            return Outcome<PaymentView>.Created(payment.ToView());
        }
    }

    public Outcome<PaymentView> Get(string merchantId, string paymentId)
    {
        lock (gate)
        {
            return Find(paymentId, merchantId) is { } payment ? Outcome<PaymentView>.Existing(payment.ToView()) : Failure.PaymentNotFound();
        }
    }

    public PayPageModel? GetForPayPage(string paymentId)
    {
        lock (gate)
        {
            return Find(paymentId, merchantId: null) is { } payment ? new PayPageModel(payment.ToView(), payment.MerchantId, payment.Description) : null;
        }
    }

    /// <param name="merchantId">Null for the pay page, where knowing the random payment id is the permission.</param>
    public Outcome<PaymentView> Decide(string? merchantId, string paymentId, bool pay)
    {
        lock (gate)
        {
            if (Find(paymentId, merchantId) is not { } payment) return Failure.PaymentNotFound();
            if (payment.Status != PaymentStatus.Pending) return Failure.Conflict("not-pending", $"The payment is already {payment.Status}.");
            var now = clock.GetUtcNow();
            payment.Decide(pay, now);
            Notify(payment, pay ? CallbackTypes.PaymentSucceeded : CallbackTypes.PaymentFailed, now, refund: null);
            return Outcome<PaymentView>.Created(payment.ToView());
        }
    }

    public Outcome<RefundView> Refund(string merchantId, string paymentId, string reference, long amount)
    {
        lock (gate)
        {
            if (Find(paymentId, merchantId) is not { } payment) return Failure.PaymentNotFound();
            // Refund references are unique per merchant (like WeChat Pay's out_refund_no), not per payment.
            if (refundsByReference.TryGetValue((merchantId, reference), out var earlier))
            {
                return ReferenceEquals(earlier.Payment, payment) && earlier.Refund.Amount == amount
                    ? Outcome<RefundView>.Existing(earlier.Refund.ToView())
                    : Failure.Conflict("reference-reused", $"merchantRefundReference '{reference}' already names a refund of {earlier.Refund.Amount} on {earlier.Payment.Id}.");
            }

            if (payment.Status != PaymentStatus.Succeeded)
            {
                return Failure.Conflict("not-refundable", $"Only a succeeded payment can be refunded; this one is {payment.Status}.");
            }

            if (amount > payment.Refundable)
            {
                return Failure.Conflict("exceeds-refundable", $"At most {payment.Refundable} of {payment.Amount} can still be refunded.");
            }

            var refund = new Refund(ProviderIds.New("sbx_ref_"), reference, amount, clock.GetUtcNow());
            payment.Refunds.Add(refund);
            refundsByReference[(merchantId, reference)] = (payment, refund);
            Notify(payment, CallbackTypes.RefundSucceeded, refund.CreatedAt, new CallbackRefund(refund.Id, reference, amount));
            return Outcome<RefundView>.Created(refund.ToView());
        }
    }

    private Payment? Find(string paymentId, string? merchantId) =>
        byId.TryGetValue(paymentId, out var payment) && (merchantId is null || payment.MerchantId == merchantId) ? payment : null;

    private void Notify(Payment payment, string type, DateTimeOffset occurredAt, CallbackRefund? refund) =>
        callbacks.Enqueue(payment.MerchantId, payment.NotifyUrl, new CallbackEvent(
            ProviderIds.New("sbx_evt_"), type, payment.Id, payment.MerchantReference, payment.Amount, payment.Currency, occurredAt, refund));
}
