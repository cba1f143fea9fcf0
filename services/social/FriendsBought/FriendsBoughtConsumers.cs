using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Contracts.Events.Order;

namespace SocialCommerce.Social.FriendsBought;

/// <summary>
/// Remembers that the buyer paid for each product of the order. Idempotent without an inbox: a redelivery writes the
/// same rows, and a later purchase of the same product only moves its time forward. Consumed in batches, one statement
/// for up to <see cref="BatchSize"/> orders: every paid order reaches this service, and one transaction per order was
/// a good share of the database's work per checkout (docs/benchmarks.md).
/// </summary>
public sealed class OrderPaidConsumer(NpgsqlDataSource dataSource) : IConsumer<Batch<OrderPaid>>
{
    public const int BatchSize = 100;

    // Short: at low rates a lone order should not wait for company.
    public static void Configure(IConsumerConfigurator<OrderPaidConsumer> consumer) =>
        consumer.Options<BatchOptions>(options => options.SetMessageLimit(BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2));

    public async Task Consume(ConsumeContext<Batch<OrderPaid>> context)
    {
        var bought = context.Message.SelectMany(paid => paid.Message.Lines.Select(line => (paid.Message.UserId, line.ProductId, PaidAt: paid.Message.PaidAt.ToUniversalTime())))
            .ToList();
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        // Grouped first: one statement may not update the same (product, user) row twice.
        await connection.ExecuteAsync(
            """
            INSERT INTO purchases (product_id, user_id, paid_at)
            SELECT product_id, user_id, max(paid_at) FROM unnest(@productIds, @userIds, @paidAts) AS b (product_id, user_id, paid_at)
            GROUP BY product_id, user_id
            ON CONFLICT (product_id, user_id) DO UPDATE SET paid_at = GREATEST(purchases.paid_at, excluded.paid_at)
            """,
            new
            {
                productIds = bought.Select(b => b.ProductId).ToArray(), userIds = bought.Select(b => b.UserId).ToArray(),
                paidAts = bought.Select(b => b.PaidAt).ToArray(),
            });
    }
}

/// <summary>
/// Keeps the latest social-proof consent per user; a copy older than the one kept (redelivered or overtaken) changes
/// nothing. A withdrawal takes effect on the next "friends bought" answer, as nothing about it is cached.
/// </summary>
public sealed class ConsentsChangedConsumer(NpgsqlDataSource dataSource) : IConsumer<ConsentsChanged>
{
    public async Task Consume(ConsumeContext<ConsentsChanged> context)
    {
        var changed = context.Message;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO social_proof_consents (user_id, consented, changed_at) VALUES (@UserId, @SocialProof, @ChangedAt)
            ON CONFLICT (user_id) DO UPDATE SET consented = excluded.consented, changed_at = excluded.changed_at
            WHERE social_proof_consents.changed_at < excluded.changed_at
            """,
            new { changed.UserId, changed.SocialProof, ChangedAt = changed.ChangedAt.ToUniversalTime() });
    }
}
