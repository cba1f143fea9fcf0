namespace SocialCommerce.Contracts.Events.Identity;

/// <summary>PIPL erasure: every service deletes or anonymises what it holds about the user.</summary>
public sealed record UserErased(Guid UserId, DateTimeOffset ErasedAt);
