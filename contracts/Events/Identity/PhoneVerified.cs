namespace SocialCommerce.Contracts.Events.Identity;

/// <summary>An account that signed up without an SMS code has since proven its phone with one (referral: it may now earn).</summary>
public sealed record PhoneVerified(Guid UserId, DateTimeOffset VerifiedAt);
