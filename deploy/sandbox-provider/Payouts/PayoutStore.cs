using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Faults;
using SocialCommerce.SandboxProvider.Payments;

namespace SocialCommerce.SandboxProvider.Payouts;

public sealed record PayoutView(
    string ProviderPayoutId, string MerchantReference, long Amount, string Currency, string Recipient, string Status,
    string? FailureReason, DateTimeOffset CreatedAt);

/// <summary>
/// Payouts from the merchant to a person's wallet (WeChat Pay's 商家转账 style), in memory. Decided at once: succeeded, or
/// failed when the merchant's behaviour says to decline payouts. A repeated merchantReference answers the first payout,
/// so the merchant may retry a call whose answer it never saw without paying twice.
/// </summary>
public sealed class PayoutStore(BehaviourStore behaviours, TimeProvider clock)
{
    public const string DeclinedReason = "recipient-cannot-receive";

    private readonly Lock gate = new();
    private readonly Dictionary<(string MerchantId, string Reference), PayoutView> byReference = [];

    public Outcome<PayoutView> Create(string merchantId, string reference, long amount, string currency, string recipient)
    {
        lock (gate)
        {
            if (byReference.TryGetValue((merchantId, reference), out var earlier))
            {
                return earlier.Amount == amount && earlier.Currency == currency && earlier.Recipient == recipient
                    ? Outcome<PayoutView>.Existing(earlier)
                    : Failure.Conflict("reference-reused", $"merchantReference '{reference}' already names a payout of {earlier.Amount} {earlier.Currency}.");
            }

            var declined = behaviours.Get(merchantId).DeclinePayouts;
            var payout = new PayoutView(
                ProviderIds.New("sbx_po_"), reference, amount, currency, recipient, declined ? PaymentStatus.Failed : PaymentStatus.Succeeded,
                declined ? DeclinedReason : null, clock.GetUtcNow());
            byReference[(merchantId, reference)] = payout;
            return Outcome<PayoutView>.Created(payout);
        }
    }
}
