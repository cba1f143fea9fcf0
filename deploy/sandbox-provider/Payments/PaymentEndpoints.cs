using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Faults;
using SocialCommerce.SandboxProvider.Merchants;

namespace SocialCommerce.SandboxProvider.Payments;

/// <summary>The server-to-server payments API (/v1/payments), for the payment adapter.</summary>
public static class PaymentEndpoints
{
    public static IHostApplicationBuilder AddPaymentsFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SandboxOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<PaymentStore>();
        return builder;
    }

    public static RouteGroupBuilder MapPaymentsApi(this RouteGroupBuilder v1)
    {
        var payments = v1.MapGroup("/payments").WithMetadata(new InjectsFailures());
        payments.MapPost("/", Create);
        payments.MapGet("/{providerPaymentId}", Get);
        payments.MapPost("/{providerPaymentId}/refunds", RefundEndpoints.Create);
        // Paying programmatically stands in for a shopper on the pay page, so tests need no browser.
        payments.MapPost("/{providerPaymentId}/pay", Pay);
        payments.MapPost("/{providerPaymentId}/decline", Decline);
        return v1;
    }

    public static Results<Created<PaymentView>, Ok<PaymentView>, JsonHttpResult<ApiError>> Create(
        CreatePaymentRequest request, Merchant merchant, PaymentStore store)
    {
        if (request.Validate() is { } problem) return Failure.Invalid(problem).ToResult();
        var outcome = store.Create(merchant.Id, request.MerchantReference!, request.Amount!.Value, request.Currency!, request.Description!,
            new Uri(request.NotifyUrl!));
        return outcome switch
        {
            { Failure: { } failure } => failure.ToResult(),
            { IsNew: true, Value: { } created } => TypedResults.Created($"/v1/payments/{created.ProviderPaymentId}", created),
            _ => TypedResults.Ok(outcome.Value),
        };
    }

    public static Results<Ok<PaymentView>, JsonHttpResult<ApiError>> Get(string providerPaymentId, Merchant merchant, PaymentStore store) =>
        ToOk(store.Get(merchant.Id, providerPaymentId));

    public static Results<Ok<PaymentView>, JsonHttpResult<ApiError>> Pay(string providerPaymentId, Merchant merchant, PaymentStore store) =>
        ToOk(store.Decide(merchant.Id, providerPaymentId, pay: true));

    public static Results<Ok<PaymentView>, JsonHttpResult<ApiError>> Decline(string providerPaymentId, Merchant merchant, PaymentStore store) =>
        ToOk(store.Decide(merchant.Id, providerPaymentId, pay: false));

    private static Results<Ok<PaymentView>, JsonHttpResult<ApiError>> ToOk(Outcome<PaymentView> outcome) =>
        outcome.Failure is { } failure ? failure.ToResult() : TypedResults.Ok(outcome.Value);
}
