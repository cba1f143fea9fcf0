using Grpc.Core;
using Microsoft.Extensions.Options;
using SocialCommerce.Contracts.Identity.V1;

namespace SocialCommerce.Social.Directory;

/// <summary>How a person appears next to their posts, comments and in follower lists.</summary>
public sealed record PersonCard(Guid UserId, string Nickname, string? AvatarUrl, bool Erased)
{
    public const string ErasedNickname = "已注销用户";

    public static PersonCard Unknown(Guid userId) => new(userId, "用户", null, Erased: false);
}

/// <summary>Nicknames and avatars from identity's UserDirectory (identity owns them), cached briefly.</summary>
public sealed partial class UserCards(
    UserDirectory.UserDirectoryClient directory, IOptions<SocialOptions> options, TimeProvider time, ILogger<UserCards> logger)
{
    private const int Batch = 500;
    private readonly CardCache<PersonCard> cache = new(TimeSpan.FromSeconds(options.Value.CardCacheSeconds), time);

    /// <returns>The person, or null when identity does not know them or they erased their account.</returns>
    public async Task<PersonCard?> FindAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var cards = await FetchAsync([userId], cancellationToken);
        return cards.TryGetValue(userId, out var card) && !card.Erased ? card : null;
    }

    /// <summary>
    /// Cards for display. Never fails a page: when identity cannot be reached, people show under a placeholder name.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, PersonCard>> ForDisplayAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        try
        {
            var found = await FetchAsync(ids, cancellationToken);
            return ids.ToDictionary(id => id, id => found.TryGetValue(id, out var card)
                ? card.Erased ? card with { Nickname = PersonCard.ErasedNickname, AvatarUrl = null } : card
                : PersonCard.Unknown(id));
        }
        catch (RpcException exception)
        {
            LogDirectoryUnavailable(exception.StatusCode);
            return ids.ToDictionary(id => id, PersonCard.Unknown);
        }
    }

    public void Forget(Guid userId) => cache.Forget(userId);

    private async Task<Dictionary<Guid, PersonCard>> FetchAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, PersonCard>();
        var missing = new List<Guid>();
        foreach (var id in ids)
        {
            if (cache.TryGet(id, out var card)) result[id] = card;
            else missing.Add(id);
        }

        foreach (var chunk in missing.Chunk(Batch))
        {
            var request = new GetUsersRequest();
            request.UserIds.AddRange(chunk.Select(id => id.ToString()));
            var response = await directory.GetUsersAsync(request, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
            foreach (var user in response.Users)
            {
                var card = new PersonCard(Guid.Parse(user.UserId), user.Nickname,
                    string.IsNullOrEmpty(user.AvatarUrl) ? null : user.AvatarUrl, user.Erased);
                cache.Put(card.UserId, card);
                result[card.UserId] = card;
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity's user directory did not answer ({Status}); people shown under a placeholder name")]
    private partial void LogDirectoryUnavailable(StatusCode status);
}
