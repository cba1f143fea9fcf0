using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Faults;
using SocialCommerce.SandboxProvider.Merchants;
using SocialCommerce.SandboxProvider.Payments;

namespace SocialCommerce.SandboxProvider.Payouts;

public sealed record CreatePayoutRequest(string? MerchantReference, long? Amount, string? Currency, string? Recipient, string? Description)
{
    public const int MaxRecipientLength = 64;

    public string? Validate() => this switch
    {
        { MerchantReference: null or "" } or { MerchantReference.Length: > CreatePaymentRequest.MaxReferenceLength } =>
            $"merchantReference is required (at most {CreatePaymentRequest.MaxReferenceLength} characters).",
        { Amount: null or <= 0 } => "amount must be a whole number of fen greater than 0.",
        { Currency: not "CNY" } => "currency must be CNY.",
        { Recipient: null or "" } or { Recipient.Length: > MaxRecipientLength } => $"recipient is required (at most {MaxRecipientLength} characters).",
        { Description: { Length: > CreatePaymentRequest.MaxDescriptionLength } } =>
            $"description must be at most {CreatePaymentRequest.MaxDescriptionLength} characters.",
        _ => null,
    };
}

/// <summary>POST /v1/payouts: money from the merchant to a recipient's wallet, decided in the answer.</summary>
public static class PayoutEndpoints
{
    public static IHostApplicationBuilder AddPayoutsFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PayoutStore>();
        return builder;
    }

    public static RouteGroupBuilder MapPayoutsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/payouts", Create).WithMetadata(new InjectsFailures());
        return v1;
    }

    public static Results<Created<PayoutView>, Ok<PayoutView>, JsonHttpResult<ApiError>> Create(
        CreatePayoutRequest request, Merchant merchant, PayoutStore store)
    {
        if (request.Validate() is { } problem) return Failure.Invalid(problem).ToResult();
        var outcome = store.Create(merchant.Id, request.MerchantReference!, request.Amount!.Value, request.Currency!, request.Recipient!);
        return outcome switch
        {
            { Failure: { } failure } => failure.ToResult(),
            { IsNew: true, Value: { } created } => TypedResults.Created($"/v1/payouts/{created.ProviderPayoutId}", created),
            _ => TypedResults.Ok(outcome.Value),
        };
    }
}
