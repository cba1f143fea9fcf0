using System.Security.Cryptography;

namespace SocialCommerce.SandboxProvider.Payments;

public static class PaymentStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>A payment as the provider keeps it. Mutated only under <see cref="PaymentStore"/>'s lock.</summary>
public sealed class Payment
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public required string MerchantReference { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string Description { get; init; }
    public required Uri NotifyUrl { get; init; }
    public required string PayUrl { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string Status { get; private set; } = PaymentStatus.Pending;
    public DateTimeOffset? PaidAt { get; private set; }
    public List<Refund> Refunds { get; } = [];

    public long RefundedAmount => Refunds.Sum(refund => refund.Amount);

    public long Refundable => Amount - RefundedAmount;

    public void Decide(bool pay, DateTimeOffset now)
    {
        Status = pay ? PaymentStatus.Succeeded : PaymentStatus.Failed;
        PaidAt = pay ? now : null;
    }

    public PaymentView ToView() => new(
        Id, MerchantReference, Amount, Currency, Status, RefundedAmount, PayUrl, CreatedAt, PaidAt,
        Refunds.Select(refund => refund.ToView()).ToList());
}

public sealed record Refund(string Id, string MerchantRefundReference, long Amount, DateTimeOffset CreatedAt)
{
    // Every refund succeeds at once in the sandbox; real providers may report "processing" first.
    public RefundView ToView() => new(Id, MerchantRefundReference, Amount, PaymentStatus.Succeeded, CreatedAt);
}

public static class ProviderIds
{
    // Random, not sequential: the pay page has no authentication, so knowing a payment id is what lets a browser pay it.
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
