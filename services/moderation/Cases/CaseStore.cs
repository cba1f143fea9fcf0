using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Moderation.Lexicons;
using SocialCommerce.Moderation.Pipeline;

namespace SocialCommerce.Moderation.Cases;

/// <summary>
/// The review queue: claims that lapse on their own, decisions only by the moderator holding the claim, one appeal
/// per case decided by someone else. Each change locks the case row and checks its state first, so two moderators
/// racing for a case or a decision cannot both win.
/// </summary>
public sealed class CaseStore(NpgsqlDataSource dataSource, TimeProvider time, IOptions<ModerationOptions> options, ModerationMetrics metrics)
{
    public async Task<CaseRow?> FindAsync(Guid caseId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<CaseRow>(
            $"SELECT {CaseRow.Columns} FROM cases WHERE id = @caseId", new { caseId });
    }

    /// <summary>Waiting cases oldest first (without the appeals this moderator may not decide), or decided ones newest first.</summary>
    public async Task<CaseList> ListAsync(string filter, Guid moderatorId, int limit, CaseCursor? cursor)
    {
        var now = time.GetUtcNow();
        var waiting = filter is CaseFilter.Pending or CaseFilter.Claimed;
        var where = filter switch
        {
            CaseFilter.Pending => """
                status IN ('pending', 'appealed') AND (claimed_by IS NULL OR claim_expires_at <= @now)
                AND excluded_moderator IS DISTINCT FROM @moderatorId
                """,
            CaseFilter.Claimed => "status IN ('pending', 'appealed') AND claimed_by = @moderatorId AND claim_expires_at > @now",
            _ => "status = @filter",
        };
        var order = waiting ? "queued_at, id" : "decided_at DESC, id DESC";
        var after = cursor is null ? "" : waiting ? "AND (queued_at, id) > (@at, @id)" : "AND (decided_at, id) < (@at, @id)";
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<CaseRow>(
            $"SELECT {CaseRow.Columns} FROM cases WHERE {where} {after} ORDER BY {order} LIMIT @take",
            new { now, moderatorId, filter, at = cursor?.At, id = cursor?.Id, take = limit + 1 })).ToList();
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new CaseCursor(waiting ? page[^1].QueuedAt!.Value : page[^1].DecidedAt!.Value, page[^1].Id).Encode() : null;
        return new CaseList(page.Select(row => row.ToView(forModerator: true)).ToList(), next);
    }

    public async Task<(CaseChange, CaseRow?)> ClaimAsync(Guid caseId, Guid moderatorId)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await LockAsync(connection, transaction, caseId);
        var refused = row switch
        {
            null => CaseChange.NotFound,
            { Waiting: false } => CaseChange.AlreadyDecided,
            _ when row.ExcludedModerator == moderatorId => CaseChange.DecidedItYourself,
            _ when row.ClaimedBy is { } holder && holder != moderatorId && row.ClaimExpiresAt > now.UtcDateTime => CaseChange.ClaimedByOther,
            _ => CaseChange.Done,
        };
        if (refused != CaseChange.Done) return (refused, null);

        // Claiming again extends the claim: a moderator still reading keeps the case.
        var claimed = await connection.QuerySingleAsync<CaseRow>(
            $"""
            UPDATE cases SET claimed_by = @moderatorId, claim_expires_at = @expires WHERE id = @caseId RETURNING {CaseRow.Columns};
            """,
            new { caseId, moderatorId, expires = now.AddMinutes(options.Value.ClaimMinutes) }, transaction);
        await AuditAsync(connection, transaction, now, moderatorId, "claimed", caseId, new { expires = claimed.ClaimExpiresAt });
        await transaction.CommitAsync();
        return (CaseChange.Done, claimed);
    }

    public async Task<(CaseChange, CaseRow?)> DecideAsync(Guid caseId, Guid moderatorId, bool approve, string reason)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await LockAsync(connection, transaction, caseId);
        var refused = row switch
        {
            null => CaseChange.NotFound,
            { Waiting: false } => CaseChange.AlreadyDecided,
            _ when !row.ClaimHeldBy(moderatorId, now) => CaseChange.NotClaimed,
            _ => CaseChange.Done,
        };
        if (refused != CaseChange.Done) return (refused, null);

        var decided = await connection.QuerySingleAsync<CaseRow>(
            $"""
            UPDATE cases SET status = @status, decided_by = @moderatorId, decided_at = @now, decision_reason = @reason,
                claimed_by = NULL, claim_expires_at = NULL, queued_at = NULL
            WHERE id = @caseId RETURNING {CaseRow.Columns}
            """,
            new { caseId, moderatorId, now, reason, status = approve ? CaseStatus.Approved : CaseStatus.Rejected }, transaction);
        var content = new ContentSubmission(decided.ContentType, decided.ContentId, decided.Revision, decided.OwnerId, []);
        await ContentScreening.PublishAsync(
            connection, transaction, content, approve ? Outcomes.Pass : Outcomes.Block, caseId, [reason], now);
        var stage = row!.AppealedAt is null ? "review" : "appeal";
        await AuditAsync(connection, transaction, now, moderatorId, approve ? "approved" : "rejected", caseId, new { reason, stage });
        await transaction.CommitAsync();
        metrics.Decided(stage, approve ? "approve" : "reject", now - new DateTimeOffset(row.QueuedAt!.Value, TimeSpan.Zero));
        return (CaseChange.Done, decided);
    }

    public async Task<(CaseChange, CaseRow?)> AppealAsync(Guid caseId, Guid ownerId, string statement)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await LockAsync(connection, transaction, caseId);
        var refused = row switch
        {
            null => CaseChange.NotFound,
            _ when row.OwnerId != ownerId => CaseChange.NotOwner,
            { AppealedAt: not null } => CaseChange.AlreadyAppealed,
            { Status: not CaseStatus.Rejected } => CaseChange.NotRejected,
            _ => CaseChange.Done,
        };
        if (refused != CaseChange.Done) return (refused, null);

        var appealed = await connection.QuerySingleAsync<CaseRow>(
            $"""
            UPDATE cases SET status = 'appealed', appeal_statement = @statement, appealed_at = @now, queued_at = @now,
                excluded_moderator = decided_by
            WHERE id = @caseId RETURNING {CaseRow.Columns}
            """,
            new { caseId, statement, now }, transaction);
        await AuditAsync(connection, transaction, now, ownerId, "appealed", caseId, new { statement });
        await transaction.CommitAsync();
        return (CaseChange.Done, appealed);
    }

    private static Task<CaseRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId) =>
        connection.QuerySingleOrDefaultAsync<CaseRow>(
            $"SELECT {CaseRow.Columns} FROM cases WHERE id = @caseId FOR UPDATE", new { caseId }, transaction);

    private static Task AuditAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, Guid actorId, string action, Guid caseId, object details) =>
        connection.ExecuteAsync(
            """
            INSERT INTO audit_log (at, actor_id, action, subject, details)
            VALUES (@now, @actorId, @action, 'case:' || @caseId, @details::jsonb)
            """,
            new { now, actorId, action, caseId, details = System.Text.Json.JsonSerializer.Serialize(details, System.Text.Json.JsonSerializerOptions.Web) },
            transaction);
}
