using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCommerce.Social.Feed;

/// <summary>
/// The periodic pass that keeps each feed to its newest <see cref="SocialOptions.FeedCap"/> rows, a batch of feeds a tick,
/// walking round all of them. A feed may run over its cap by what arrives within one round; a reader never notices, as
/// pages past the rows come from the graph.
/// </summary>
public sealed class FeedTrim(NpgsqlDataSource dataSource, IOptions<SocialOptions> options)
{
    public const int FeedsPerPass = 200;
    private Guid? position;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (last, removed) = await FeedRows.TrimAsync(dataSource, position, FeedsPerPass, options.Value.FeedCap, cancellationToken);
        position = last;
        return removed;
    }
}
