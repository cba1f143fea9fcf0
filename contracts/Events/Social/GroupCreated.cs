namespace SocialCommerce.Contracts.Events.Social;

/// <summary>
/// A user started an interest group (圈子, content type "group"); it is listed and can be joined once moderation
/// approves its name and description.
/// </summary>
public sealed record GroupCreated(Guid GroupId, int Revision, Guid OwnerId, string Name, string Description, DateTimeOffset CreatedAt);
