namespace SocialCommerce.Contracts.Events.Social;

/// <summary>A comment (or a reply to one) waiting for moderation (content type "comment").</summary>
public sealed record CommentCreated(Guid CommentId, int Revision, Guid PostId, Guid AuthorId, string Text, DateTimeOffset CreatedAt);
