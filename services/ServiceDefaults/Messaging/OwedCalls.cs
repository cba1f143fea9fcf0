using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.ServiceDefaults.Messaging;

/// <summary>An owed call as its handler gets it.</summary>
public sealed record OwedCall(Guid Id, string Kind, Guid SubjectId, string Payload, int Attempts)
{
    public T Read<T>() => JsonSerializer.Deserialize<T>(Payload, OwedCalls.Json)!;
}

/// <summary>
/// The command-side twin of the outbox: a call to another service cannot join a local transaction, so the transaction that
/// makes it necessary writes it down instead, and the service's <see cref="OwedCallWorker"/> makes it once that commits, and
/// again until it gets an answer. The callee must be idempotent for the call (by an id in the payload). A NOTIFY in the
/// writing transaction, its payload the kind, wakes the worker of the kind's lane at commit.
/// </summary>
public static class OwedCalls
{
    public const string NotifyChannel = "owed_calls";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A payload as <see cref="OwedCall.Read{T}"/> reads it, for a caller that writes the row in SQL of its own.</summary>
    public static string Serialize(object payload) => JsonSerializer.Serialize(payload, payload.GetType(), Json);

    /// <param name="id">The call's id; give one when something else must find or complete it later (a withdrawal's payout).</param>
    /// <param name="firstAttemptAt">When the worker may first make it (default: at once).</param>
    public static Task AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, Guid subjectId, object payload, DateTimeOffset now,
        Guid? id = null, DateTimeOffset? firstAttemptAt = null) =>
        Add(new StatementBatch(), kind, subjectId, payload, now, id, firstAttemptAt).ExecuteAsync(connection, transaction);

    /// <summary>The same as a statement of the caller's batch, sent with the change that owes the call in one round trip.</summary>
    public static StatementBatch Add(
        StatementBatch batch, string kind, Guid subjectId, object payload, DateTimeOffset now, Guid? id = null, DateTimeOffset? firstAttemptAt = null) =>
        batch.Add(
            """
            INSERT INTO owed_calls (id, kind, subject_id, payload, next_attempt_at, created_at)
            VALUES (@owedCallId, @owedCallKind, @owedCallSubjectId, @owedCallPayload::jsonb, @owedCallFirstAttemptAt, @owedCallCreatedAt);
            SELECT pg_notify(@owedCallChannel, @owedCallKind)
            """,
            new
            {
                owedCallId = id ?? Guid.CreateVersion7(), owedCallKind = kind, owedCallSubjectId = subjectId, owedCallPayload = Serialize(payload),
                owedCallFirstAttemptAt = firstAttemptAt ?? now, owedCallCreatedAt = now, owedCallChannel = NotifyChannel,
            });

    /// <summary>Whether a call of <paramref name="kind"/> for the subject is still owed.</summary>
    public static Task<bool> PendingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid subjectId, string kind) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM owed_calls WHERE subject_id = @subjectId AND kind = @kind AND done_at IS NULL)",
            new { subjectId, kind }, transaction);

    /// <summary>
    /// Marks a call done (a call done before keeps its time). Found by its key alone, on purpose: with "AND done_at IS
    /// NULL" the planner, which sees almost every row done, reads the not-done partial index instead and filters it by
    /// id, a walk through every due and dead entry (0.4 ms a call under the checkout benchmark, 0.04 ms by key).
    /// </summary>
    internal const string DoneStatement =
        "UPDATE owed_calls SET attempts = attempts + 1, last_error = NULL, done_at = coalesce(done_at, @now) WHERE id = @Id";

    /// <summary>Many calls done at once, by key as <see cref="DoneStatement"/> says why.</summary>
    internal const string DoneManyStatement =
        "UPDATE owed_calls SET attempts = attempts + 1, last_error = NULL, done_at = coalesce(done_at, @now) WHERE id = ANY(@ids)";

    /// <summary>The call was made and answered elsewhere (a request that made it at once): the worker need not.</summary>
    public static Task CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DateTimeOffset now) =>
        // By key alone, as DoneStatement says why.
        connection.ExecuteAsync("UPDATE owed_calls SET done_at = coalesce(done_at, @now) WHERE id = @id", new { id, now }, transaction);
}

/// <summary>
/// How one kind of owed call is made and what its answer changes. Handlers are resolved from a scope per pass, so they may
/// take gRPC clients and other scoped services.
/// </summary>
public abstract class OwedCallHandler
{
    public abstract string Kind { get; }

    /// <summary>
    /// The worker that makes this kind (<see cref="OwedCallLane"/>): the default one, or a lane of its own when its calls are
    /// many and must not wait behind others (a flash sale's orders).
    /// </summary>
    public virtual string Lane => OwedCallLane.Default.Name;

    /// <summary>The deadline of one call (at most <see cref="OwedCallWorker.MaxCallTimeout"/>).</summary>
    public virtual TimeSpan CallTimeout => TimeSpan.FromSeconds(10);

    /// <summary>The remote call alone, before <paramref name="deadline"/>: no connection or transaction is open while it runs.</summary>
    /// <returns>The answer, handed to <see cref="RecordAsync"/>. Throw to have the call made again later.</returns>
    public abstract Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken);

    /// <summary>
    /// The answer's consequences, in the transaction that marks the call done. Throw to have the call made again later
    /// (the answer meant "not yet").
    /// </summary>
    public virtual Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OwedCall call, object? answer, DateTimeOffset now) =>
        Task.CompletedTask;

    /// <summary>
    /// Whether <see cref="RecordAsync"/> has anything to do for this answer. When not, the worker marks the call done with
    /// the others like it in one statement instead of recording it under a savepoint of its own: worth saying for a kind
    /// made once per order (a stock commit).
    /// </summary>
    public virtual bool HasConsequences(OwedCall call, object? answer) => true;

    /// <summary>The pause before the next attempt after <paramref name="attempts"/> failed ones: doubling, at most ten minutes.</summary>
    public virtual TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(600, Math.Pow(2, Math.Min(attempts, 10))));
}
