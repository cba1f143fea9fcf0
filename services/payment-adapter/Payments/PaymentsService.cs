using Grpc.Core;
using SocialCommerce.Contracts.Payment.V1;
using SocialCommerce.PaymentAdapter.Providers;
using PaymentsGrpc = SocialCommerce.Contracts.Payment.V1.Payments;

namespace SocialCommerce.PaymentAdapter.Payments;

/// <summary>payments.proto for order. Idempotent per order id (CreatePayment) and per refund id (Refund).</summary>
public sealed class PaymentsService(PaymentStore store) : PaymentsGrpc.PaymentsBase
{
    public const int MaxDescriptionLength = 200;

    public override async Task<PaymentReply> CreatePayment(CreatePaymentRequest request, ServerCallContext context)
    {
        var orderId = ParseId(request.OrderId, "order_id");
        var userId = ParseId(request.UserId, "user_id");
        var amount = ParseMoney(request.Amount, "amount");
        if (request.Description.Length > MaxDescriptionLength) throw Invalid($"description must be at most {MaxDescriptionLength} characters");
        try
        {
            var payment = await store.CreateAsync(orderId, userId, amount.Amount, amount.Currency, request.Description, context.CancellationToken);
            if (payment.Amount != amount.Amount || payment.Currency != amount.Currency || payment.UserId != userId)
                throw Invalid("the order already has a payment for another amount or payer");
            return ToReply(payment);
        }
        catch (ProviderUnavailableException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, exception.Message));
        }
    }

    public override async Task<PaymentReply> GetPayment(GetPaymentRequest request, ServerCallContext context) =>
        await store.FindAsync(ParseId(request.PaymentId, "payment_id")) is { } payment
            ? ToReply(payment)
            : throw new RpcException(new Status(StatusCode.NotFound, "no such payment"));

    public override async Task<RefundReply> Refund(RefundRequest request, ServerCallContext context)
    {
        var paymentId = ParseId(request.PaymentId, "payment_id");
        var refundId = ParseId(request.RefundId, "refund_id");
        var amount = ParseMoney(request.Amount, "amount");
        if (request.Reason.Length > MaxDescriptionLength) throw Invalid($"reason must be at most {MaxDescriptionLength} characters");
        var (outcome, status) = await store.RefundAsync(paymentId, refundId, amount.Amount, request.Reason, context.CancellationToken);
        return outcome switch
        {
            RefundOutcome.Accepted => new RefundReply { RefundId = refundId.ToString(), Status = status },
            RefundOutcome.NotFound => throw new RpcException(new Status(StatusCode.NotFound, "no such payment")),
            RefundOutcome.NotRefundable => throw new RpcException(new Status(StatusCode.FailedPrecondition, "the payment has not succeeded")),
            RefundOutcome.ExceedsRefundable => throw new RpcException(new Status(StatusCode.FailedPrecondition, "more than is left to refund")),
            _ => throw Invalid("the refund id was used for another payment or amount"),
        };
    }

    private static PaymentReply ToReply(PaymentRow payment) => new()
    {
        PaymentId = payment.Id.ToString(),
        OrderId = payment.OrderId.ToString(),
        Amount = new Money { Amount = payment.Amount, Currency = payment.Currency },
        Status = payment.Status,
        PayUrl = payment.PayUrl ?? "",
        Refunded = new Money { Amount = payment.RefundedAmount, Currency = payment.Currency },
    };

    private static Guid ParseId(string value, string field) =>
        Guid.TryParse(value, out var id) && id != Guid.Empty ? id : throw Invalid($"{field} must be a UUID");

    private static (long Amount, string Currency) ParseMoney(Money? money, string field) =>
        money is { Amount: > 0, Currency: "CNY" } ? (money.Amount, money.Currency) : throw Invalid($"{field} must be a positive CNY amount in fen");

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
