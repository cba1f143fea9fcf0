namespace SocialCommerce.Contracts.Events.Moderation;

/// <summary>
/// Moderation let a piece of content through. <paramref name="ContentType"/> is "product", "post", "comment",
/// "review" or "nickname"; <paramref name="Revision"/> is the revision that was judged (products carry one).
/// </summary>
public sealed record ContentApproved(string ContentType, Guid ContentId, int Revision, Guid? CaseId, DateTimeOffset DecidedAt);
