namespace SocialCommerce.Order;

/// <summary>
/// Fault injection for the crash tests (section <c>Faults</c>). Honoured only in the Development environment, so a
/// stray setting can never take production down.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>SIGKILL this process after paying an order in the consumer's transaction, before it commits.</summary>
    public bool KillBeforeOrderPaidCommit { get; set; }
}
