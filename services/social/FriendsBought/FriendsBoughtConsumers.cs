using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Contracts.Events.Order;

namespace SocialCommerce.Social.FriendsBought;

/// <summary>
/// Remembers that the buyer paid for each product of the order. Idempotent without an inbox: a redelivery writes the
/// same rows, and a later purchase of the same product only moves its time forward.
/// </summary>
public sealed class OrderPaidConsumer(NpgsqlDataSource dataSource) : IConsumer<OrderPaid>
{
    public async Task Consume(ConsumeContext<OrderPaid> context)
    {
        var paid = context.Message;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO purchases (product_id, user_id, paid_at)
            SELECT DISTINCT product_id, @UserId, @PaidAt FROM unnest(@productIds) AS product_id
            ON CONFLICT (product_id, user_id) DO UPDATE SET paid_at = GREATEST(purchases.paid_at, excluded.paid_at)
            """,
            new { paid.UserId, PaidAt = paid.PaidAt.ToUniversalTime(), productIds = paid.Lines.Select(line => line.ProductId).ToArray() });
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
