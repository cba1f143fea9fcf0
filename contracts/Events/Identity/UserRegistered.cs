namespace SocialCommerce.Contracts.Events.Identity;

/// <summary>
/// A new account exists. <paramref name="InviteCode"/> is what the user typed at sign-up, if anything. For referral's
/// anti-fraud checks only: <paramref name="PhonePrefix"/> is the first 7 digits of the mobile number (carrier and area, not the
/// person) and <paramref name="DeviceId"/> the client's X-Device-Id at sign-up, if it sent one. <paramref name="PhoneVerified"/>: the
/// phone was proven by an SMS code at sign-up; an account that proves it later announces <see cref="PhoneVerified"/>.
/// </summary>
public sealed record UserRegistered(
    Guid UserId, string Nickname, string? InviteCode, DateTimeOffset RegisteredAt, string? PhonePrefix = null, string? DeviceId = null,
    bool PhoneVerified = false);
