using Dapper;
using Npgsql;

namespace SocialCommerce.ServiceDefaults.Messaging;

/// <summary>One outbox row as the relay works on it; <see cref="Attempts"/> counts failed publishes while the broker was up.</summary>
public sealed record OutboxRow(Guid Id, string MessageType, string Body, string? TraceParent, int Attempts);

/// <summary>A failed publish: set aside at once when <see cref="Permanent"/>, else retried after <see cref="RetryIn"/>.</summary>
public sealed record OutboxFailure(Guid Id, string Error, bool Permanent, bool Counted, TimeSpan RetryIn);

public sealed record DeadLetter(Guid Id, string MessageType, DateTime CreatedAt, DateTime DeadLetteredAt, int Attempts, string? LastError);

/// <summary>
/// Every statement on <c>outbox_messages</c> after the write: the relay's lease, marks and failures, and what an operator
/// sees and replays. Each runs in a transaction of its own, so no lock is held while the relay talks to the broker.
/// </summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Takes up to <paramref name="limit"/> due rows and leases them for <paramref name="lease"/>: other workers and replicas
    /// skip them until the lease ends, which is also how the rows of a relay that died mid-pass come back.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRow>> ClaimAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
            UPDATE outbox_messages o SET next_attempt_at = now() + @lease
            FROM (
                SELECT id FROM outbox_messages
                WHERE published_at IS NULL AND dead_lettered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ) due
            WHERE o.id = due.id
            RETURNING o.id, o.message_type, o.body::text AS body, o.trace_parent, o.attempts
            """,
            new { limit, lease }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task MarkPublishedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox_messages SET published_at = now(), next_attempt_at = NULL WHERE id = ANY(@ids)",
            new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <returns>How many of the failed rows are now dead letters.</returns>
    public async Task<int> RecordFailuresAsync(IReadOnlyCollection<OutboxFailure> failures, int maxAttempts, CancellationToken cancellationToken)
    {
        if (failures.Count == 0) return 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH failed AS (
                UPDATE outbox_messages o SET
                    attempts = o.attempts + f.counted,
                    last_error = left(f.error, 2000),
                    dead_lettered_at = CASE WHEN f.permanent OR (f.counted = 1 AND o.attempts + 1 >= @maxAttempts) THEN now() END,
                    next_attempt_at = now() + make_interval(secs => f.retry_in)
                FROM unnest(@ids, @errors, @counted, @permanent, @retryIn) AS f (id, error, counted, permanent, retry_in)
                WHERE o.id = f.id AND o.published_at IS NULL
                RETURNING o.dead_lettered_at
            )
            SELECT count(dead_lettered_at) FROM failed
            """,
            new
            {
                ids = failures.Select(f => f.Id).ToArray(),
                errors = failures.Select(f => f.Error).ToArray(),
                counted = failures.Select(f => f.Counted ? 1 : 0).ToArray(),
                permanent = failures.Select(f => f.Permanent).ToArray(),
                retryIn = failures.Select(f => f.RetryIn.TotalSeconds).ToArray(),
                maxAttempts,
            },
            cancellationToken: cancellationToken));
    }

    public async Task<(double LagSeconds, long DeadLetters)> MeasureAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (lag, dead) = await connection.QuerySingleAsync<(double, long)>(new CommandDefinition(
            """
            SELECT COALESCE((SELECT extract(epoch FROM now() - created_at) FROM outbox_messages
                             WHERE published_at IS NULL AND dead_lettered_at IS NULL ORDER BY id LIMIT 1), 0)::float8,
                   (SELECT count(*) FROM outbox_messages WHERE dead_lettered_at IS NOT NULL)
            """,
            cancellationToken: cancellationToken));
        return (Math.Max(0, lag), dead);
    }

    public async Task DeletePublishedBeforeAsync(TimeSpan keep, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM outbox_messages WHERE published_at < now() - @keep::interval", new { keep }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<DeadLetter>(
            """
            SELECT id, message_type, created_at, dead_lettered_at, attempts, last_error
            FROM outbox_messages WHERE dead_lettered_at IS NOT NULL ORDER BY id
            """)).ToList();
    }

    /// <summary>Puts dead letters (all, or one) back in line with their attempts reset; the relay is woken by the NOTIFY.</summary>
    /// <summary>
    /// Puts dead letters back in line, except those older than the consumers' inbox keeps message ids: a message whose
    /// publish was confirmed too late may have been handled, and past that age a second delivery would be applied again.
    /// </summary>
    public async Task<(int Replayed, int TooOld)> ReplayAsync(Guid? id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var (replayed, tooOld) = await connection.QuerySingleAsync<(int, int)>(
            """
            WITH replayed AS (
                UPDATE outbox_messages SET dead_lettered_at = NULL, attempts = 0, next_attempt_at = NULL
                WHERE dead_lettered_at IS NOT NULL AND (@id::uuid IS NULL OR id = @id) AND created_at > now() - @keep
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM replayed)::int,
                   (SELECT count(*) FROM outbox_messages
                    WHERE dead_lettered_at IS NOT NULL AND (@id::uuid IS NULL OR id = @id) AND created_at <= now() - @keep)::int
            """,
            new { id, keep = MessagingExtensions.InboxRetention });
        await connection.ExecuteAsync("SELECT pg_notify(@channel, '')", new { channel = Outbox.NotifyChannel });
        return (replayed, tooOld);
    }
}
