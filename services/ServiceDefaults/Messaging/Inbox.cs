using System.Diagnostics.Metrics;
using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults.Messaging;

/// <summary>
/// Makes a consumer's effect happen once per message id. The inbox row and the consumer's own writes share one
/// transaction: a duplicate delivery finds the row and does nothing; a concurrent duplicate blocks on the
/// primary key until the first commits (then skips) or rolls back (then runs). Events the handler raises go
/// into the outbox through the same transaction.
/// </summary>
/// <param name="killBeforeCommit">
/// Crash tests only (Development): the consumer whose first handled message SIGKILLs this process after the handler ran and
/// before its transaction commits, so a test can show the redelivery after a restart is handled once.
/// </param>
/// <param name="meters">Counts the deliveries skipped as duplicates, by consumer (absent in tests that build an inbox by hand).</param>
public sealed class Inbox(NpgsqlDataSource dataSource, string? killBeforeCommit = null, IMeterFactory? meters = null)
{
    private readonly Counter<long>? duplicates = meters?.Create(SocialCommerceMetrics.MeterName).CreateCounter<long>(
        "socialcommerce.inbox.duplicates", description: "Deliveries a consumer had handled before and skipped, by consumer").AtZero();

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
        if (inserted == 0)
        {
            duplicates?.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
            return false;
        }

        await handle(connection, transaction);
        if (consumer == killBeforeCommit) System.Diagnostics.Process.GetCurrentProcess().Kill();
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// A batch in one transaction (one commit, one outbox NOTIFY): the inbox rows of all messages are written at once and the
    /// handler gets the messages this consumer had not handled, each once even if the batch holds it twice. Any failure
    /// rolls the whole batch back, inbox rows included, so a redelivery of the batch starts clean.
    /// </summary>
    /// <returns>How many messages the handler got.</returns>
    public async Task<int> HandleBatchOnceAsync<TMessage>(
        IReadOnlyList<(Guid MessageId, TMessage Message)> messages, string consumer,
        Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<TMessage>, Task> handle, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // In id order, so two batches sharing messages wait on each other instead of deadlocking.
        var fresh = (await connection.QueryAsync<Guid>(
            """
            INSERT INTO inbox_messages (message_id, consumer) SELECT id, @consumer FROM unnest(@ids) AS m (id) GROUP BY id ORDER BY id
            ON CONFLICT DO NOTHING
            RETURNING message_id
            """,
            new { ids = messages.Select(m => m.MessageId).ToArray(), consumer }, transaction)).ToHashSet();
        var unhandled = messages.Where(m => fresh.Remove(m.MessageId)).Select(m => m.Message).ToList();
        if (unhandled.Count < messages.Count) duplicates?.Add(messages.Count - unhandled.Count, new KeyValuePair<string, object?>("consumer", consumer));
        if (unhandled.Count > 0) await handle(connection, transaction, unhandled);
        await transaction.CommitAsync(cancellationToken);
        return unhandled.Count;
    }
}
