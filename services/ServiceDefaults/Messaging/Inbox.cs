using Dapper;
using MassTransit;
using Npgsql;

namespace SocialCommerce.ServiceDefaults.Messaging;

/// <summary>
/// Makes a consumer's effect happen once per message id. The inbox row and the consumer's own writes share one
/// transaction: a duplicate delivery finds the row and does nothing; a concurrent duplicate blocks on the
/// primary key until the first commits (then skips) or rolls back (then runs). Events the handler raises go
/// into the outbox through the same transaction.
/// </summary>
public sealed class Inbox(NpgsqlDataSource dataSource)
{
    /// <returns><c>true</c> when the handler ran, <c>false</c> when this consumer had already handled the message.</returns>
    public Task<bool> HandleOnceAsync<TMessage>(
        ConsumeContext<TMessage> context, string consumer, Func<NpgsqlConnection, NpgsqlTransaction, Task> handle)
        where TMessage : class =>
        HandleOnceAsync(context.MessageId ?? throw new InvalidOperationException("Message has no id; the inbox cannot dedupe it."),
            consumer, handle, context.CancellationToken);

    /// <summary>The same by message id: what a consumer does, and what tests replaying deliveries call.</summary>
    public async Task<bool> HandleOnceAsync(
        Guid messageId, string consumer, Func<NpgsqlConnection, NpgsqlTransaction, Task> handle, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO inbox_messages (message_id, consumer) VALUES (@messageId, @consumer)
            ON CONFLICT DO NOTHING
            """,
            new { messageId, consumer }, transaction);
        if (inserted == 0) return false;

        await handle(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
