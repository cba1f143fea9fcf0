namespace SocialCommerce.Contracts.Events.Identity;

/// <summary>A new account exists. <paramref name="InviteCode"/> is what the user typed at sign-up, if anything.</summary>
public sealed record UserRegistered(Guid UserId, string Nickname, string? InviteCode, DateTimeOffset RegisteredAt);
