using System.Diagnostics;
using Dapper;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Contracts.Identity.V1;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.Social;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Feed;
using SocialCommerce.Social.Posts;
using SocialCommerce.TestSupport;
using ProtoShopCard = SocialCommerce.Contracts.Catalog.V1.ShopCard;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Brief P4 on social's real schema and code: 100,000 users following 200 accounts each (190 people and 10 of 20 big shops
/// with about 50,000 followers, above the fan-out limit, so pulled at read time) and 1,010,000 posts. A home-feed page is
/// what GET /feed runs (<see cref="FeedRows.PageAsync"/> then <see cref="PostViews.LoadAsync"/>), minus HTTP and JSON;
/// nicknames come from a stand-in user directory through social's own card cache, warm as in steady state. Then the
/// fan-out of one post to 10,000 followers: the consumer's transaction from decision to commit, with the rows and WAL it
/// writes.
/// </summary>
public static class FeedBenchmark
{
    private const int Users = 100_000;
    private const int Shops = 20;
    private const int PostsPerUser = 10;
    private const int PostsPerShop = 500;
    private const int Readers = 2_000;
    private const int FanOutFollowers = 10_000;
    private const int FanOutPosts = 30;

    public static async Task RunAsync()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(TestInfrastructure.NewDatabase("bench_feed")) { MaxPoolSize = 20, CommandTimeout = 3600 }.ConnectionString;
        new DatabaseMigrator(connectionString, typeof(SocialFeature).Assembly).Migrate();
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        var loading = Stopwatch.StartNew();
        await FeedData.GenerateAsync(connectionString, Users, Shops, PostsPerUser, PostsPerShop, FanOutFollowers);
        loading.Stop();

        await using var dataSource = NpgsqlDataSource.Create(PostgresExtensions.ForService(connectionString));
        var sizes = await SizesAsync(dataSource);
        var options = Options.Create(new SocialOptions { CardCacheSeconds = 3600 });
        var views = new PostViews(
            new UserCards(new UserDirectory.UserDirectoryClient(new StandInDirectory()), options, TimeProvider.System, NullLogger<UserCards>.Instance),
            new ShopCards(new ProductDirectory.ProductDirectoryClient(new StandInDirectory()), options, TimeProvider.System, NullLogger<ShopCards>.Instance));

        Console.WriteLine();
        Console.WriteLine($"## P4 following feed ({Users:N0} users × 200 follows, {sizes.Posts:N0} posts, {sizes.FeedRows:N0} feed rows)");
        Console.WriteLine($"Generated and indexed in {loading.Elapsed.TotalMinutes:0.0} min; database {sizes.DatabaseSize}.");
        var readers = Enumerable.Range(0, Readers).Select(i => FeedData.UserId((int)((uint)(i * 2654435761) % Users))).ToArray();
        await ReadAsync(dataSource, views, readers.Take(200).ToArray(), callers: 1, print: false);
        await ReadAsync(dataSource, views, readers, callers: 1, print: true);
        await ReadAsync(dataSource, views, readers, callers: 4, print: true);
        await FanOutAsync(dataSource);
    }

    /// <summary>Every reader opens the feed (page 1 of 20) and scrolls once (page 2, by the cursor page 1 returned).</summary>
    private static async Task ReadAsync(NpgsqlDataSource dataSource, PostViews views, Guid[] readers, int callers, bool print)
    {
        var latencies = new List<double>();
        var pulledPerPage = new List<int>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < readers.Length)
            {
                var cursor = PageCursor.Newest;
                for (var page = 0; page < 2; page++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await using var connection = await dataSource.OpenConnectionAsync();
                    var items = await FeedRows.PageAsync(connection, readers[i], cursor, PageCursor.DefaultLimit);
                    var posts = await views.LoadAsync(connection, items.Select(item => item.PostId).ToList(), readers[i]);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (latencies)
                    {
                        latencies.Add(elapsed);
                        pulledPerPage.Add(posts.Count(post => post.Author.Kind == "shop"));
                    }

                    if (posts.Count != PageCursor.DefaultLimit) throw new InvalidOperationException($"a page of {posts.Count} posts");
                    cursor = new PageCursor(items[^1].PublishedAt, items[^1].PostId);
                }
            }
        })));
        clock.Stop();
        if (!print) return;
        Console.WriteLine();
        Console.WriteLine($"### {callers} concurrent reader{(callers == 1 ? "" : "s")}: {latencies.Count / clock.Elapsed.TotalSeconds:0} pages/s");
        Console.WriteLine();
        Console.WriteLine("| pages | pulled shop posts per page (mean) | p50 | p90 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| {latencies.Count:N0} | {pulledPerPage.Average():0.0} | {Percentile(latencies, 50):0.00} ms | {Percentile(latencies, 90):0.00} ms | " +
                          $"**{Percentile(latencies, 99):0.00} ms** (target ≤ 20 ms) | {latencies.Max():0.00} ms |");
    }

    /// <summary>Posts of an author with 10,000 followers, each approved as the ContentApproved consumer does it.</summary>
    private static async Task FanOutAsync(NpgsqlDataSource dataSource)
    {
        var store = new PostStore(dataSource, Options.Create(new SocialOptions()), new SocialMetrics(TestMeters.Factory), TimeProvider.System);
        var author = FeedData.FanOutAuthor;
        var durations = new List<double>();
        long walBytes = 0, rows = 0;
        for (var i = 0; i < FanOutPosts; i++)
        {
            var postId = await store.CreateAsync(author, new PostDraft($"新品试用第 {i} 期", [], []));
            await using var connection = await dataSource.OpenConnectionAsync();
            var walBefore = await connection.ExecuteScalarAsync<string>("SELECT pg_current_wal_insert_lsn()::text");
            var started = Stopwatch.GetTimestamp();
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await store.ApproveAsync(connection, transaction, postId, 1, DateTimeOffset.UtcNow);
                await transaction.CommitAsync();
            }

            durations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            walBytes += await connection.ExecuteScalarAsync<long>("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), @walBefore::pg_lsn)::bigint", new { walBefore });
            rows += await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @postId", new { postId });
        }

        Console.WriteLine();
        Console.WriteLine($"### Fan-out: {FanOutPosts} posts of an author with {FanOutFollowers:N0} followers, approved one after another");
        Console.WriteLine();
        Console.WriteLine("| feed rows per post | p50 | p99 | max | WAL per post |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| {rows / FanOutPosts:N0} | {Percentile(durations, 50):0} ms | **{Percentile(durations, 99):0} ms** (target ≤ 2 s) | {durations.Max():0} ms | " +
                          $"{walBytes / FanOutPosts / 1024.0 / 1024.0:0.0} MiB |");
    }

    private static async Task<(long Posts, long FeedRows, string DatabaseSize)> SizesAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, string)>(
            """
            SELECT (SELECT count(*) FROM posts), (SELECT reltuples::bigint FROM pg_class WHERE relname = 'feed_entries'),
                   pg_size_pretty(pg_database_size(current_database()))
            """);
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }

    /// <summary>
    /// The benchmark's identity and catalog: answers GetUsers and GetShops for the generated ids in-process, so the cards
    /// social caches are the only cost a feed page pays for names, as in steady state with the real services.
    /// </summary>
    private sealed class StandInDirectory : CallInvoker
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            object response = request switch
            {
                GetUsersRequest users => AnswerUsers(users),
                GetShopsRequest shops => AnswerShops(shops),
                _ => throw new RpcException(new Status(StatusCode.Unimplemented, method.FullName)),
            };
            return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)response), Task.FromResult(new Metadata()),
                () => Status.DefaultSuccess, () => [], () => { });
        }

        private static GetUsersResponse AnswerUsers(GetUsersRequest request)
        {
            var response = new GetUsersResponse();
            response.Users.AddRange(request.UserIds.Select(id => new UserSummary { UserId = id, Nickname = "用户" + id[..6] }));
            return response;
        }

        private static GetShopsResponse AnswerShops(GetShopsRequest request)
        {
            var response = new GetShopsResponse();
            response.Shops.AddRange(request.ShopIds.Select(id => new ProtoShopCard { ShopId = id, Name = "店铺" + id[..4] }));
            return response;
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
