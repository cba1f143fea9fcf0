namespace SocialCommerce.Contracts.Events.Social;

/// <summary>
/// A user wrote or edited a post; it is public once moderation approves this <paramref name="Revision"/>
/// (ContentApproved with content type "post").
/// </summary>
public sealed record PostCreated(
    Guid PostId, int Revision, Guid AuthorId, string Text, IReadOnlyList<string> ImageUrls, IReadOnlyList<Guid> ProductIds,
    DateTimeOffset CreatedAt);
