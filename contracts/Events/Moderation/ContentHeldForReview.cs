namespace SocialCommerce.Contracts.Events.Moderation;

/// <summary>
/// Screening sent a piece of content to a human moderator; it stays unpublished until the case is decided.
/// <paramref name="Reasons"/> name each term and where it was found, so the owner can see why it waits. It may
/// follow a ContentApproved of the same revision: a review that later turns out to be one of a cluster of
/// templated reviews is hidden again until a moderator decides.
/// </summary>
public sealed record ContentHeldForReview(
    string ContentType, Guid ContentId, int Revision, Guid CaseId, IReadOnlyList<string> Reasons, DateTimeOffset HeldAt);
