using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Moderation;
using SocialCommerce.Moderation.Cases;
using SocialCommerce.Moderation.Lexicons;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Moderation.Pipeline;

/// <summary>
/// Screens a content version and acts on the outcome in the caller's transaction: pass publishes ContentApproved,
/// block opens an already rejected case (so the owner can appeal) and publishes ContentRejected, review opens a
/// pending case and publishes ContentHeldForReview. A version screened before is left alone: one decision per
/// content version, however often its event arrives.
/// </summary>
public sealed class ContentScreening(CurrentScreening screening, DuplicateReviews duplicates, TimeProvider time, ModerationMetrics metrics)
{
    /// <summary>Matching and rules only: what the dry run answers and the pipeline starts from.</summary>
    public ScreeningResult Screen(string kind, IReadOnlyList<ContentField> fields) => Screen(kind, fields, screening.Config);

    // One configuration for the whole screening, even if a reload swaps it meanwhile.
    private static ScreeningResult Screen(string kind, IReadOnlyList<ContentField> fields, ScreeningConfig config)
    {
        var screened = fields.Select(field => new FieldHits(field.Name, field.Text, config.Matcher.FindAll(field.Text))).ToList();
        return new ScreeningResult(config.Rules.Decide(kind, screened.SelectMany(field => field.Hits)), screened);
    }

    public async Task<string> ScreenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ContentSubmission content)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var config = screening.Config;
        var rules = config.Rules;
        var result = Screen(content.Kind, content.Fields, config);
        var cluster = DuplicateCluster.None;
        if (content.Kind == ContentKinds.Review)
        {
            (result, cluster) = await duplicates.CheckAsync(connection, transaction, content, result, rules, now);
        }

        var caseId = result.Outcome == Outcomes.Pass ? (Guid?)null : Guid.CreateVersion7();
        var first = await connection.ExecuteAsync(
            """
            INSERT INTO screenings (content_type, content_id, revision, outcome, case_id, screened_at)
            VALUES (@Kind, @ContentId, @Revision, @outcome, @caseId, @now)
            ON CONFLICT DO NOTHING
            """,
            new { content.Kind, content.ContentId, content.Revision, outcome = result.Outcome, caseId, now }, transaction);
        if (first == 0) return await ExistingOutcomeAsync(connection, transaction, content);

        if (caseId is { } id) await OpenCaseAsync(connection, transaction, id, content, result, now);
        await PublishAsync(connection, transaction, content, result.Outcome, caseId, result.Reasons(), now);
        if (content.Kind == ContentKinds.Review)
        {
            await duplicates.RememberAsync(connection, transaction, content, cluster, now);
            await duplicates.HoldEarlierAsync(connection, transaction, cluster, rules, now);
        }

        metrics.Screened(content.Kind, result.Outcome, Stopwatch.GetElapsedTime(started));
        foreach (var hit in result.Fields.SelectMany(field => field.Hits))
        {
            metrics.Hit(hit.Category, rules.OutcomeOf(content.Kind, hit.Category));
        }

        return result.Outcome;
    }

    /// <summary>The decision event for a content version; a moderator's decision names the case it closes.</summary>
    internal static async Task PublishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ContentSubmission content, string outcome, Guid? caseId,
        IReadOnlyList<string> reasons, DateTimeOffset now)
    {
        switch (outcome)
        {
            case Outcomes.Pass:
                await Outbox.AddAsync(connection, transaction, new ContentApproved(content.Kind, content.ContentId, content.Revision, caseId, now));
                break;
            case Outcomes.Block:
                await Outbox.AddAsync(connection, transaction,
                    new ContentRejected(content.Kind, content.ContentId, content.Revision, caseId, reasons, now));
                break;
            default:
                await Outbox.AddAsync(connection, transaction,
                    new ContentHeldForReview(content.Kind, content.ContentId, content.Revision, caseId!.Value, reasons, now));
                break;
        }
    }

    /// <summary>Opens the case for a review or block outcome; a block is decided by screening itself.</summary>
    internal static async Task OpenCaseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, ContentSubmission content, ScreeningResult result,
        DateTimeOffset now)
    {
        var blocked = result.Outcome == Outcomes.Block;
        await connection.ExecuteAsync(
            """
            INSERT INTO cases (id, content_type, content_id, revision, owner_id, fields, screening_outcome, status,
                               queued_at, decided_at, decision_reason, created_at)
            VALUES (@caseId, @Kind, @ContentId, @Revision, @OwnerId, @fields::jsonb, @outcome, @status,
                    @queuedAt, @decidedAt, @reason, @now);
            INSERT INTO audit_log (at, action, subject, details)
            VALUES (@now, 'screened', 'case:' || @caseId, jsonb_build_object('outcome', @outcome::text, 'hits', @hits::int));
            """,
            new
            {
                caseId, content.Kind, content.ContentId, content.Revision, content.OwnerId,
                fields = JsonSerializer.Serialize(result.Fields, JsonSerializerOptions.Web),
                outcome = result.Outcome,
                status = blocked ? CaseStatus.Rejected : CaseStatus.Pending,
                queuedAt = blocked ? (DateTimeOffset?)null : now,
                decidedAt = blocked ? now : (DateTimeOffset?)null,
                reason = blocked ? string.Join("; ", result.Reasons()) : null,
                now,
                hits = result.Fields.Sum(field => field.Hits.Count),
            },
            transaction);
    }

    private static async Task<string> ExistingOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ContentSubmission content) =>
        await connection.ExecuteScalarAsync<string>(
            "SELECT outcome FROM screenings WHERE content_type = @Kind AND content_id = @ContentId AND revision = @Revision",
            new { content.Kind, content.ContentId, content.Revision }, transaction) ?? Outcomes.Pass;
}
