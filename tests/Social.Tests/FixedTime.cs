namespace SocialCommerce.Social.Tests;

/// <summary>A clock stopped at one instant, for rules that depend on the day or on a window.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
