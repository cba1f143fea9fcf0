using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Callbacks;
using SocialCommerce.SandboxProvider.Merchants;

namespace SocialCommerce.SandboxProvider.Faults;

public sealed record OutstandingCallbacks(int Outstanding);

/// <summary>/v1/sandbox: fault injection and the callback log, for tests and demos.</summary>
public static class BehaviourEndpoints
{
    public static IHostApplicationBuilder AddBehaviourFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BehaviourStore>();
        return builder;
    }

    public static RouteGroupBuilder MapSandboxApi(this RouteGroupBuilder v1)
    {
        var sandbox = v1.MapGroup("/sandbox");
        sandbox.MapGet("/behaviour", Get);
        sandbox.MapPut("/behaviour", Put);
        sandbox.MapDelete("/behaviour", Delete);
        sandbox.MapGet("/callbacks", Callbacks);
        sandbox.MapGet("/callbacks/outstanding", Outstanding);
        return v1;
    }

    public static Ok<Behaviour> Get(Merchant merchant, BehaviourStore behaviours) => TypedResults.Ok(behaviours.Get(merchant.Id));

    public static Results<Ok<Behaviour>, JsonHttpResult<ApiError>> Put(BehaviourRequest request, Merchant merchant, BehaviourStore behaviours)
    {
        if (request.Validate() is { } problem) return Failure.Invalid(problem).ToResult();
        return TypedResults.Ok(behaviours.Set(merchant.Id, request.ToBehaviour()));
    }

    public static Ok<Behaviour> Delete(Merchant merchant, BehaviourStore behaviours) => TypedResults.Ok(behaviours.Reset(merchant.Id));

    public static Ok<IReadOnlyList<CallbackAttempt>> Callbacks(Merchant merchant, CallbackLog log) => TypedResults.Ok(log.NewestFirst(merchant.Id));

    /// <summary>How many callback copies the provider still owes this merchant (queued, delayed or being retried).</summary>
    public static Ok<OutstandingCallbacks> Outstanding(Merchant merchant, CallbackQueue queue) => TypedResults.Ok(new OutstandingCallbacks(queue.Outstanding(merchant.Id)));
}
