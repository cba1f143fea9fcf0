using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.ServiceDefaults.Messaging;

/// <summary>
/// Writes an event in the caller's transaction: it is published if and only if the state change commits.
/// The NOTIFY is transactional too, so the relay wakes exactly when there is something committed to send.
/// </summary>
public static class Outbox
{
    public const string NotifyChannel = "outbox";

    public static async Task<Guid> AddAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T message)
        where T : class
    {
        var batch = new StatementBatch();
        var id = Add(batch, message);
        await batch.ExecuteAsync(connection, transaction);
        return id;
    }

    /// <summary>The same as a statement of the caller's batch, sent with the change it reports in one round trip.</summary>
    public static Guid Add<T>(StatementBatch batch, T message)
        where T : class
    {
        var outboxId = Guid.CreateVersion7();
        batch.Add(
            """
            INSERT INTO outbox_messages (id, message_type, body, trace_parent)
            VALUES (@outboxId, @outboxType, @outboxBody::jsonb, @outboxTraceParent);
            SELECT pg_notify('outbox', '')
            """,
            new
            {
                outboxId,
                outboxType = TypeName(typeof(T)),
                outboxBody = JsonSerializer.Serialize(message, OutboxJson.Options),
                outboxTraceParent = Activity.Current?.Id,
            });
        return outboxId;
    }

    /// <summary>Many events of one type in one statement and one NOTIFY, for consumers that work in batches.</summary>
    public static async Task AddManyAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<T> messages)
        where T : class
    {
        if (messages.Count == 0) return;
        await connection.ExecuteAsync(
            """
            INSERT INTO outbox_messages (id, message_type, body, trace_parent)
            SELECT id, @type, body::jsonb, @traceParent FROM unnest(@ids, @bodies) AS m (id, body);
            SELECT pg_notify('outbox', '');
            """,
            new
            {
                ids = messages.Select(_ => Guid.CreateVersion7()).ToArray(),
                bodies = messages.Select(message => JsonSerializer.Serialize(message, OutboxJson.Options)).ToArray(),
                type = TypeName(typeof(T)),
                traceParent = Activity.Current?.Id,
            },
            transaction);
    }

    // Assembly-qualified without version, so a redeploy with a new contracts build still resolves old rows.
    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}

internal static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
