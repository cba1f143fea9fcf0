using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Merchants;

namespace SocialCommerce.SandboxProvider.Faults;

/// <summary>Marks endpoints that <c>failNextApiCalls</c> and <c>apiDelayMs</c> apply to (the /v1 API except /v1/sandbox/*).</summary>
public sealed class InjectsFailures;

/// <summary>
/// Waits the merchant's <c>apiDelayMs</c>, then answers 500 before the endpoint runs (so nothing changes) while the merchant
/// has injected failures left. Runs after <see cref="MerchantAuthenticationMiddleware"/>: faults are per merchant and a 401
/// does not use one up.
/// </summary>
public sealed class FailureInjectionMiddleware(RequestDelegate next, BehaviourStore behaviours)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<InjectsFailures>() is not null
            && context.Items[typeof(Merchant)] is Merchant merchant)
        {
            if (behaviours.Get(merchant.Id).ApiDelayMs is > 0 and var delay) await Task.Delay(delay, context.RequestAborted);
            if (!behaviours.TryConsumeFailure(merchant.Id))
            {
                await next(context);
                return;
            }

            await new Failure(StatusCodes.Status500InternalServerError, "injected-failure",
                "The sandbox was told to fail this call (failNextApiCalls); nothing was done.").WriteAsync(context);
            return;
        }

        await next(context);
    }
}
