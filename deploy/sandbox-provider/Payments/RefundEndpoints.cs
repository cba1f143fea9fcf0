using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Merchants;

namespace SocialCommerce.SandboxProvider.Payments;

public static class RefundEndpoints
{
    /// <summary>Refunds part or all of a succeeded payment; a repeated merchantRefundReference answers 200 with the first refund.</summary>
    public static Results<Created<RefundView>, Ok<RefundView>, JsonHttpResult<ApiError>> Create(
        string providerPaymentId, CreateRefundRequest request, Merchant merchant, PaymentStore store)
    {
        if (request.Validate() is { } problem) return Failure.Invalid(problem).ToResult();
        var outcome = store.Refund(merchant.Id, providerPaymentId, request.MerchantRefundReference!, request.Amount!.Value);
        return outcome switch
        {
            { Failure: { } failure } => failure.ToResult(),
            { IsNew: true, Value: { } created } => TypedResults.Created($"/v1/payments/{providerPaymentId}", created),
            _ => TypedResults.Ok(outcome.Value),
        };
    }
}
