namespace SocialCommerce.SandboxProvider.Faults;

/// <summary>Each merchant's current <see cref="Behaviour"/>, in memory.</summary>
public sealed class BehaviourStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Behaviour> behaviours = new(StringComparer.Ordinal);

    public Behaviour Get(string merchantId)
    {
        lock (gate)
        {
            return behaviours.GetValueOrDefault(merchantId, Behaviour.Default);
        }
    }

    public Behaviour Set(string merchantId, Behaviour behaviour)
    {
        lock (gate)
        {
            behaviours[merchantId] = behaviour;
            return behaviour;
        }
    }

    public Behaviour Reset(string merchantId)
    {
        lock (gate)
        {
            behaviours.Remove(merchantId);
            return Behaviour.Default;
        }
    }

    /// <summary>Uses up one injected failure if any is left; under the lock so N concurrent calls fail exactly N times.</summary>
    public bool TryConsumeFailure(string merchantId)
    {
        lock (gate)
        {
            if (!behaviours.TryGetValue(merchantId, out var behaviour) || behaviour.FailNextApiCalls == 0) return false;
            behaviours[merchantId] = behaviour with { FailNextApiCalls = behaviour.FailNextApiCalls - 1 };
            return true;
        }
    }
}
