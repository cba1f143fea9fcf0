using Grpc.Core;
using SocialCommerce.Contracts.Payment.V1;
using SocialCommerce.PaymentAdapter.Payments;
using SocialCommerce.PaymentAdapter.Providers;
using PayoutsGrpc = SocialCommerce.Contracts.Payment.V1.Payouts;

namespace SocialCommerce.PaymentAdapter.Payouts;

/// <summary>payouts.proto for referral-commission's withdrawals. Idempotent per payout id.</summary>
public sealed class PayoutsService(PayoutStore store) : PayoutsGrpc.PayoutsBase
{
    public override async Task<PayoutReply> Payout(PayoutRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.PayoutId, out var payoutId) || payoutId == Guid.Empty) throw Invalid("payout_id must be a UUID");
        if (!Guid.TryParse(request.UserId, out var userId) || userId == Guid.Empty) throw Invalid("user_id must be a UUID");
        if (request.Amount is not { Amount: > 0, Currency: "CNY" }) throw Invalid("amount must be a positive CNY amount in fen");
        if (request.Description.Length > PaymentsService.MaxDescriptionLength)
        {
            throw Invalid($"description must be at most {PaymentsService.MaxDescriptionLength} characters");
        }

        try
        {
            var (outcome, payout) = await store.PayAsync(
                payoutId, userId, request.Amount.Amount, request.Amount.Currency, request.Description, context.CancellationToken);
            if (outcome == PayoutOutcome.IdReused) throw Invalid("the payout id was used for another recipient or amount");
            return new PayoutReply { PayoutId = payoutId.ToString(), Status = payout!.Status, FailureReason = payout.FailureReason ?? "" };
        }
        catch (ProviderUnavailableException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, exception.Message));
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
