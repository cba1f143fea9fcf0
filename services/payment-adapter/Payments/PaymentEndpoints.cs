using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.PaymentAdapter.Payments;

/// <param name="Status">pending, succeeded, failed, partially-refunded or refunded.</param>
public sealed record PaymentView(Guid PaymentId, Guid OrderId, Money Amount, string Status, Money Refunded, string? PayUrl, DateTime CreatedAt);

public static class PaymentEndpoints
{
    public static RouteGroupBuilder MapPaymentEndpoints(this RouteGroupBuilder payment)
    {
        payment.MapGet("/payments/{paymentId:guid}", Get).RequireAuthorization(Policies.User).WithTag("Payments", "A payment's state as the provider reported it.").WithSummary("A payment of mine");
        return payment;
    }

    /// <summary>The payer's own payment; anyone else's answers as if it did not exist.</summary>
    public static async Task<Results<Ok<PaymentView>, ProblemHttpResult>> Get(Guid paymentId, HttpContext context, PaymentStore store)
    {
        var payment = await store.FindAsync(paymentId);
        if (payment is null || payment.UserId != context.User.UserId()) return Problems.NotFound("The payment does not exist.");
        return TypedResults.Ok(ToView(payment));
    }

    public static PaymentView ToView(PaymentRow payment) => new(
        payment.Id, payment.OrderId, new Money(payment.Amount, payment.Currency), payment.Status,
        new Money(payment.RefundedAmount, payment.Currency), payment.PayUrl, payment.CreatedAt);
}
