using System.Text.Json;
using SocialCommerce.Moderation.Pipeline;

namespace SocialCommerce.Moderation.Cases;

/// <summary>A cases row as Dapper reads it (timestamptz as UTC DateTime, jsonb as text).</summary>
public sealed class CaseRow
{
    public const string Columns =
        """
        id, content_type, content_id, revision, owner_id, fields::text AS fields, screening_outcome, status, queued_at, claimed_by,
        claim_expires_at, decided_by, decided_at, decision_reason, excluded_moderator, appeal_statement, appealed_at, created_at
        """;

    public Guid Id { get; init; }
    public string ContentType { get; init; } = "";
    public Guid ContentId { get; init; }
    public int Revision { get; init; }
    public Guid OwnerId { get; init; }
    public string Fields { get; init; } = "[]";
    public string ScreeningOutcome { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime? QueuedAt { get; init; }
    public Guid? ClaimedBy { get; init; }
    public DateTime? ClaimExpiresAt { get; init; }
    public Guid? DecidedBy { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DecisionReason { get; init; }
    public Guid? ExcludedModerator { get; init; }
    public string? AppealStatement { get; init; }
    public DateTime? AppealedAt { get; init; }
    public DateTime CreatedAt { get; init; }

    public bool Waiting => Status is CaseStatus.Pending or CaseStatus.Appealed;

    public bool ClaimHeldBy(Guid moderatorId, DateTimeOffset now) => ClaimedBy == moderatorId && ClaimExpiresAt > now.UtcDateTime;

    public CaseView ToView(bool forModerator) => new(
        Id, ContentType, ContentId, Revision, OwnerId, Status, AppealedAt is null ? "review" : "appeal", ScreeningOutcome,
        JsonSerializer.Deserialize<List<FieldHits>>(Fields, JsonSerializerOptions.Web) ?? [],
        Utc(CreatedAt), Utc(QueuedAt), forModerator ? ClaimedBy : null, forModerator ? Utc(ClaimExpiresAt) : null,
        DecidedAt is null ? null : new CaseDecision(
            Status == CaseStatus.Approved ? "approve" : "reject", DecisionReason, forModerator ? DecidedBy : null, Utc(DecidedAt.Value)),
        AppealedAt is null ? null : new CaseAppeal(AppealStatement ?? "", Utc(AppealedAt.Value)));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
