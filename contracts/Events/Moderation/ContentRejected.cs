namespace SocialCommerce.Contracts.Events.Moderation;

/// <summary>Moderation refused a piece of content, with reasons the owner is shown.</summary>
public sealed record ContentRejected(
    string ContentType, Guid ContentId, int Revision, Guid? CaseId, IReadOnlyList<string> Reasons, DateTimeOffset DecidedAt);
