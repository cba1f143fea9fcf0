using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.Social.Engagement;
using SocialCommerce.Social.Graph;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Tests;

/// <summary>
/// A migrated social database of its own and the service's stores built over it, so the tests run the service's own
/// statements on real PostgreSQL without identity or catalog. Posts are published the way moderation's decision does it.
/// </summary>
public sealed class SocialDatabase
{
    private SocialDatabase(NpgsqlDataSource dataSource, SocialOptions options)
    {
        DataSource = dataSource;
        var metrics = new SocialMetrics(TestMeters.Factory);
        Options = options;
        Posts = new PostStore(dataSource, Microsoft.Extensions.Options.Options.Create(options), metrics, TimeProvider.System);
        Follows = new FollowStore(dataSource, metrics, TimeProvider.System);
        Reactions = new Reactions(dataSource, metrics, TimeProvider.System);
        Comments = new CommentStore(dataSource, metrics);
    }

    public NpgsqlDataSource DataSource { get; }
    public SocialOptions Options { get; }
    public PostStore Posts { get; }
    public FollowStore Follows { get; }
    public Reactions Reactions { get; }
    public CommentStore Comments { get; }

    public static SocialDatabase Create(int fanOutLimit = 20_000, int feedCap = 800)
    {
        var connectionString = TestInfrastructure.NewDatabase("socialtest");
        new DatabaseMigrator(connectionString, typeof(SocialFeature).Assembly).Migrate();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Enough connections for the concurrency tests' 200 callers to queue at the rows, not at the pool.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 60 };
        return new SocialDatabase(NpgsqlDataSource.Create(builder.ConnectionString), new SocialOptions { FanOutLimit = fanOutLimit, FeedCap = feedCap });
    }

    /// <summary>A post written and approved by moderation: published, and fanned out to the author's followers.</summary>
    public async Task<Guid> PublishedPostAsync(Guid authorId, string text = "今天的好物分享", params Guid[] productIds)
    {
        var postId = await Posts.CreateAsync(authorId, new PostDraft(text, [], productIds));
        await ApproveAsync(postId, 1);
        return postId;
    }

    public Task ApproveAsync(Guid postId, int revision) =>
        InTransactionAsync((connection, transaction) => Posts.ApproveAsync(connection, transaction, postId, revision, DateTimeOffset.UtcNow));

    public async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await work(connection, transaction);
        await transaction.CommitAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<List<Guid>> FeedAsync(Guid userId, int limit = 50)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await Feed.FeedRows.PageAsync(connection, userId, PageCursor.Newest, limit)).Select(item => item.PostId).ToList();
    }

    /// <summary>Outbox rows of one event type (its short name) that mention <paramref name="id"/>.</summary>
    public Task<long> OutboxCountAsync(string eventName, Guid id) =>
        ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND body::text LIKE @id",
            new { type = $"%.{eventName},%", id = $"%{id}%" });
}
