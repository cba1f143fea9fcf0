using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Moderation.Lexicons;
using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Pipeline;

/// <summary>The new review's fingerprint and the earlier reviews by other accounts it is nearly identical to.</summary>
public sealed record DuplicateCluster(int[]? Signature, IReadOnlyList<Guid> EarlierReviewIds)
{
    public static readonly DuplicateCluster None = new(null, []);
}

/// <summary>
/// Templated review campaigns: the same five-star text, lightly varied, from many accounts. A review whose MinHash
/// similarity reaches <see cref="ReviewFingerprint.NearDuplicateSimilarity"/> with reviews by enough other accounts
/// in the window goes to a moderator, and so do the earlier members of its cluster that had already passed.
/// </summary>
public sealed class DuplicateReviews(IOptions<ModerationOptions> options)
{
    public const string Term = "near-duplicate";

    public async Task<(ScreeningResult, DuplicateCluster)> CheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ContentSubmission review, ScreeningResult result, RuleBook rules,
        DateTimeOffset now)
    {
        if (ReviewFingerprint.Compute(review.Fields[0].Text) is not { } signature) return (result, DuplicateCluster.None);

        var candidates = await connection.QueryAsync<Candidate>(
            """
            SELECT review_id, author_id, signature FROM review_fingerprints
            WHERE band_keys && @keys AND created_at > @since AND author_id <> @OwnerId AND review_id <> @ContentId
            """,
            new { keys = ReviewFingerprint.BandKeys(signature), since = now.AddDays(-options.Value.DuplicateWindowDays), review.OwnerId, review.ContentId },
            transaction);
        var near = candidates.Where(c => ReviewFingerprint.Similarity(signature, c.Signature) >= ReviewFingerprint.NearDuplicateSimilarity).ToList();
        var cluster = new DuplicateCluster(signature, near.Select(c => c.ReviewId).ToList());
        if (near.Select(c => c.AuthorId).Distinct().Count() + 1 < options.Value.DuplicateClusterSize) return (result, cluster with { EarlierReviewIds = [] });

        return (WithDuplicateHit(result, review.Kind, rules), cluster);
    }

    public async Task RememberAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ContentSubmission review, DuplicateCluster cluster, DateTimeOffset now)
    {
        if (cluster.Signature is not { } signature) return;
        await connection.ExecuteAsync(
            """
            INSERT INTO review_fingerprints (review_id, revision, author_id, text, signature, band_keys, created_at)
            VALUES (@ContentId, @Revision, @OwnerId, @text, @signature, @keys, @now)
            ON CONFLICT (review_id) DO UPDATE SET revision = excluded.revision, text = excluded.text, signature = excluded.signature,
                band_keys = excluded.band_keys
            WHERE review_fingerprints.revision < excluded.revision
            """,
            new { review.ContentId, review.Revision, review.OwnerId, text = review.Fields[0].Text, signature, keys = ReviewFingerprint.BandKeys(signature), now },
            transaction);
    }

    /// <summary>Earlier cluster members that passed are held too; the state guard makes a repeat a no-op.</summary>
    public async Task HoldEarlierAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DuplicateCluster cluster, RuleBook rules, DateTimeOffset now)
    {
        if (cluster.EarlierReviewIds.Count == 0) return;
        var passed = await connection.QueryAsync<(Guid ReviewId, int Revision, Guid AuthorId, string Text)>(
            """
            SELECT f.review_id, f.revision, f.author_id, f.text FROM review_fingerprints f
            JOIN screenings s ON s.content_type = 'review' AND s.content_id = f.review_id AND s.revision = f.revision
            WHERE f.review_id = ANY(@ids) AND s.outcome = 'pass'
            ORDER BY f.review_id
            FOR UPDATE OF s
            """,
            new { ids = cluster.EarlierReviewIds.ToArray() }, transaction);
        foreach (var earlier in passed)
        {
            var review = new ContentSubmission(ContentKinds.Review, earlier.ReviewId, earlier.Revision, earlier.AuthorId,
                [new ContentField("text", earlier.Text)]);
            var result = WithDuplicateHit(new ScreeningResult(Outcomes.Pass, [new FieldHits("text", earlier.Text, [])]), review.Kind, rules);
            if (result.Outcome != Outcomes.Review) continue;
            var caseId = Guid.CreateVersion7();
            await connection.ExecuteAsync(
                """
                UPDATE screenings SET outcome = 'review', case_id = @caseId
                WHERE content_type = 'review' AND content_id = @ReviewId AND revision = @Revision
                """,
                new { caseId, earlier.ReviewId, earlier.Revision }, transaction);
            await ContentScreening.OpenCaseAsync(connection, transaction, caseId, review, result, now);
            await ContentScreening.PublishAsync(connection, transaction, review, result.Outcome, caseId, result.Reasons(), now);
        }
    }

    private static ScreeningResult WithDuplicateHit(ScreeningResult result, string kind, RuleBook rules)
    {
        var text = result.Fields[0];
        var fields = result.Fields.ToList();
        fields[0] = text with { Hits = [.. text.Hits, new Hit(Term, Categories.Duplicate, 0, text.Text.Length)] };
        var outcome = rules.OutcomeOf(kind, Categories.Duplicate);
        return new ScreeningResult(Outcomes.Severity(outcome) > Outcomes.Severity(result.Outcome) ? outcome : result.Outcome, fields);
    }

    private sealed class Candidate
    {
        public Guid ReviewId { get; init; }
        public Guid AuthorId { get; init; }
        public int[] Signature { get; init; } = [];
    }
}
