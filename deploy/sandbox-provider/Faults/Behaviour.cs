namespace SocialCommerce.SandboxProvider.Faults;

/// <summary>
/// How the provider misbehaves for one merchant: the faults real providers show, on demand. DeclinePayouts answers every
/// payout "failed" (a recipient whose wallet cannot take money), which is how a withdrawal's way back is tested; ApiDelayMs
/// makes the API slow, which is how callers prove they hold nothing locked while they wait for it.
/// </summary>
public sealed record Behaviour(
    int CallbackDelayMs, int CallbackCopies, bool ReorderCallbacks, int FailNextApiCalls, bool DeclinePayouts = false, int ApiDelayMs = 0)
{
    public const int MaxDelayMs = 60_000;
    public const int MaxCopies = 5;
    public const int MaxFailNext = 1_000;

    public static Behaviour Default { get; } = new(0, 1, false, 0);
}

/// <summary>The body of <c>PUT /v1/sandbox/behaviour</c>; a field left out takes its default (PUT replaces the whole behaviour).</summary>
public sealed record BehaviourRequest(
    int? CallbackDelayMs, int? CallbackCopies, bool? ReorderCallbacks, int? FailNextApiCalls, bool? DeclinePayouts = null, int? ApiDelayMs = null)
{
    public string? Validate() => this switch
    {
        { CallbackDelayMs: < 0 or > Behaviour.MaxDelayMs } => $"callbackDelayMs must be between 0 and {Behaviour.MaxDelayMs}.",
        { CallbackCopies: < 1 or > Behaviour.MaxCopies } => $"callbackCopies must be between 1 and {Behaviour.MaxCopies}.",
        { FailNextApiCalls: < 0 or > Behaviour.MaxFailNext } => $"failNextApiCalls must be between 0 and {Behaviour.MaxFailNext}.",
        { ApiDelayMs: < 0 or > Behaviour.MaxDelayMs } => $"apiDelayMs must be between 0 and {Behaviour.MaxDelayMs}.",
        _ => null,
    };

    public Behaviour ToBehaviour() => new(
        CallbackDelayMs ?? Behaviour.Default.CallbackDelayMs,
        CallbackCopies ?? Behaviour.Default.CallbackCopies,
        ReorderCallbacks ?? Behaviour.Default.ReorderCallbacks,
        FailNextApiCalls ?? Behaviour.Default.FailNextApiCalls,
        DeclinePayouts ?? Behaviour.Default.DeclinePayouts,
        ApiDelayMs ?? Behaviour.Default.ApiDelayMs);
}
