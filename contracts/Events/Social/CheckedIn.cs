namespace SocialCommerce.Contracts.Events.Social;

/// <summary>
/// <paramref name="UserId"/> checked in for <paramref name="Day"/> (a calendar day in Asia/Shanghai), the
/// <paramref name="Streak"/>th day in a row: for rewards (points, coupons) that a later step grants.
/// </summary>
public sealed record CheckedIn(Guid UserId, DateOnly Day, int Streak, DateTimeOffset CheckedAt);
