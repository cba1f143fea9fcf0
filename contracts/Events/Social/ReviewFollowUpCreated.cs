namespace SocialCommerce.Contracts.Events.Social;

/// <summary>
/// A reviewer added their one follow-up (追评) to a review (content type "follow-up"); it shows under the review once
/// moderation approves it. Revision is always 1: a follow-up is never edited.
/// </summary>
public sealed record ReviewFollowUpCreated(
    Guid FollowUpId, int Revision, Guid ReviewId, Guid ProductId, Guid AuthorId, string Text, DateTimeOffset CreatedAt);
