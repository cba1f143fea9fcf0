using SocialCommerce.Moderation.Pipeline;

namespace SocialCommerce.Moderation.Cases;

public static class CaseStatus
{
    public const string Pending = "pending", Appealed = "appealed", Approved = "approved", Rejected = "rejected";
}

/// <summary>What <c>GET /cases?status=</c> accepts: waiting cases, the caller's claimed ones, or decided ones.</summary>
public static class CaseFilter
{
    public const string Pending = "pending", Claimed = "claimed", Approved = "approved", Rejected = "rejected";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Pending, Claimed, Approved, Rejected };
}

/// <param name="Stage">"review" for the first decision, "appeal" once the owner has appealed.</param>
/// <param name="ClaimedBy">Moderator ids are shown to moderators only.</param>
public sealed record CaseView(
    Guid CaseId, string ContentType, Guid ContentId, int Revision, Guid OwnerId, string Status, string Stage, string ScreeningOutcome,
    IReadOnlyList<FieldHits> Fields, DateTimeOffset CreatedAt, DateTimeOffset? QueuedAt, Guid? ClaimedBy, DateTimeOffset? ClaimExpiresAt,
    CaseDecision? Decision, CaseAppeal? Appeal);

/// <param name="Outcome">"approve" or "reject".</param>
/// <param name="DecidedBy">Null when screening itself blocked the content.</param>
public sealed record CaseDecision(string Outcome, string? Reason, Guid? DecidedBy, DateTimeOffset DecidedAt);

public sealed record CaseAppeal(string Statement, DateTimeOffset AppealedAt);

public sealed record CaseList(IReadOnlyList<CaseView> Items, string? NextCursor);

public sealed record DecisionRequest(string? Outcome, string? Reason);

public sealed record AppealRequest(Guid? CaseId, string? Statement);

public enum CaseChange { Done, NotFound, NotOwner, AlreadyDecided, ClaimedByOther, NotClaimed, DecidedItYourself, NotRejected, AlreadyAppealed }
