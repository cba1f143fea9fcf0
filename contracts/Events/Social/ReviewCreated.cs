namespace SocialCommerce.Contracts.Events.Social;

/// <summary>
/// A verified buyer reviewed a product (content type "review"). Moderation also compares it with recent reviews of
/// other accounts, to catch templated five-star campaigns.
/// </summary>
public sealed record ReviewCreated(
    Guid ReviewId, int Revision, Guid ProductId, Guid AuthorId, int Rating, string Text, DateTimeOffset CreatedAt);
