using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// P4's data, generated in SQL from the row numbers alone (no random source; every run is the same). User i is
/// md5('u' || i) as a uuid; they follow 190 people (i + 1 + 523·k) and 10 of the 20 big shops; each person has 10 posts, one
/// every three days, each shop 500 (pulled: the shops are far above the fan-out limit). Each feed holds what fan-out and
/// trimming leave in it: the 4 latest posts of each followed person (760 rows, under the 800 cap). Indexes are dropped
/// for the load and rebuilt as the migrations define them, then VACUUM ANALYZE, the state autovacuum keeps tables in.
/// </summary>
public static class FeedData
{
    public static Guid UserId(int i) => Md5Uuid($"u{i}");

    /// <summary>An author whose first 10,000 users follow them and who has not posted yet: the fan-out measurement's.</summary>
    public static Guid FanOutAuthor { get; } = Md5Uuid("fanout");

    private static Guid Md5Uuid(string text) => Guid.Parse(Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))));

    public static async Task GenerateAsync(string connectionString, int users, int shops, int postsPerUser, int postsPerShop, int fanOutFollowers)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var args = new { users, shops, postsPerUser, postsPerShop, fanOutFollowers, fanOutAuthor = FanOutAuthor };
        await connection.ExecuteAsync(
            """
            SET maintenance_work_mem = '2GB';
            SET work_mem = '256MB';
            ALTER TABLE follows DROP CONSTRAINT follows_pkey;
            DROP INDEX follows_target;
            DROP INDEX follows_follower;
            ALTER TABLE feed_entries DROP CONSTRAINT feed_entries_pkey;
            DROP INDEX feed_entries_post;
            CREATE TEMP TABLE t0 AS SELECT date_trunc('day', now()) - interval '31 days' AS at;

            INSERT INTO follows (follower_id, target_id, target_kind, followed_at)
            SELECT md5('u' || u)::uuid, md5('u' || ((u + 1 + k * 523) % @users))::uuid, 'user', (SELECT at FROM t0)
            FROM generate_series(0, @users - 1) AS u, generate_series(0, 189) AS k;
            INSERT INTO follows (follower_id, target_id, target_kind, followed_at)
            SELECT md5('u' || u)::uuid, md5('s' || ((u * 7 + 2 * k) % @shops))::uuid, 'shop', (SELECT at FROM t0)
            FROM generate_series(0, @users - 1) AS u, generate_series(0, 9) AS k;
            INSERT INTO follows (follower_id, target_id, target_kind, followed_at)
            SELECT md5('u' || u)::uuid, @fanOutAuthor, 'user', (SELECT at FROM t0) FROM generate_series(0, @fanOutFollowers - 1) AS u;

            INSERT INTO products (id, shop_id, title, price, currency, image_url, listed)
            SELECT md5('r' || r)::uuid, md5('s' || (r % @shops))::uuid, '好物 ' || r, 990 + r % 50 * 100, 'CNY',
                   'https://img.example.com/' || r || '.jpg', true
            FROM generate_series(0, 9999) AS r;

            INSERT INTO posts (id, author_kind, author_id, latest_revision, published_revision, published_at, pulled, likes, created_at)
            SELECT md5('p' || a || '-' || j)::uuid, 'user', md5('u' || a)::uuid, 1, 1,
                   (SELECT at FROM t0) + j * interval '3 days' + (a * 37 % 4320) * interval '1 minute', false, 1,
                   (SELECT at FROM t0) + j * interval '3 days' + (a * 37 % 4320) * interval '1 minute' - interval '1 minute'
            FROM generate_series(0, @users - 1) AS a, generate_series(0, @postsPerUser - 1) AS j;
            INSERT INTO posts (id, author_kind, author_id, latest_revision, published_revision, published_at, pulled, created_at)
            SELECT md5('q' || s || '-' || j)::uuid, 'shop', md5('s' || s)::uuid, 1, 1,
                   (SELECT at FROM t0) + j * interval '30 days' / @postsPerShop + s * interval '1 second', true,
                   (SELECT at FROM t0) + j * interval '30 days' / @postsPerShop + s * interval '1 second'
            FROM generate_series(0, @shops - 1) AS s, generate_series(0, @postsPerShop - 1) AS j;

            INSERT INTO post_revisions (post_id, revision, text, image_urls, product_ids, status, created_at, decided_at)
            SELECT id, 1, '今天的好物分享：用了一周，说说真实感受。', ARRAY['https://img.example.com/p/' || left(id::text, 8) || '.jpg'],
                   ARRAY[md5('r' || abs(hashtext(id::text)) % 10000)::uuid], 'approved', created_at, published_at
            FROM posts;
            INSERT INTO post_products (post_id, product_id, published_at)
            SELECT p.id, r.product_ids[1], p.published_at FROM posts p JOIN post_revisions r ON r.post_id = p.id;
            INSERT INTO post_likes (post_id, user_id, liked_at)
            SELECT md5('p' || a || '-' || j)::uuid, md5('u' || ((a + 7) % @users))::uuid, (SELECT at FROM t0) + interval '31 days'
            FROM generate_series(0, @users - 1) AS a, generate_series(0, @postsPerUser - 1) AS j;

            INSERT INTO feed_entries (user_id, published_at, post_id, author_id)
            SELECT md5('u' || u)::uuid,
                   (SELECT at FROM t0) + j * interval '3 days' + (((u + 1 + k * 523) % @users) * 37 % 4320) * interval '1 minute',
                   md5('p' || ((u + 1 + k * 523) % @users) || '-' || j)::uuid, md5('u' || ((u + 1 + k * 523) % @users))::uuid
            FROM generate_series(0, @users - 1) AS u, generate_series(0, 189) AS k, generate_series(@postsPerUser - 4, @postsPerUser - 1) AS j;

            ALTER TABLE follows ADD PRIMARY KEY (follower_id, target_id);
            CREATE INDEX follows_target ON follows (target_id, followed_at DESC, follower_id);
            CREATE INDEX follows_follower ON follows (follower_id, followed_at DESC, target_id);
            ALTER TABLE feed_entries ADD PRIMARY KEY (user_id, published_at, post_id);
            CREATE INDEX feed_entries_post ON feed_entries (post_id);

            INSERT INTO accounts (id, kind, followers, following, posts, has_pulled_posts)
            SELECT id, max(kind), sum(followers), sum(following), sum(posts), bool_or(pulled) FROM (
                SELECT target_id AS id, target_kind AS kind, count(*) AS followers, 0 AS following, 0 AS posts, false AS pulled
                FROM follows GROUP BY target_id, target_kind
                UNION ALL
                SELECT follower_id, 'user', 0, count(*), 0, false FROM follows GROUP BY follower_id
                UNION ALL
                SELECT author_id, author_kind, 0, 0, count(*), bool_or(pulled) FROM posts GROUP BY author_id, author_kind) AS parts
            GROUP BY id;
            """,
            args, commandTimeout: 7200);
        // Outside a transaction block, as VACUUM must be.
        await connection.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 7200);
    }
}
