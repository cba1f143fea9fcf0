namespace SocialCommerce.Recommendation.Evaluation;

/// <summary>
/// Top-k metrics over held-out products. Recall@k: the share of a user's held-out products in their top k (the best
/// possible is 1 when they hold out no more than k). NDCG@k: hits count more the higher they are ranked, <c>1 / log2(rank + 1)</c>,
/// over the best ordering possible. Both are averaged over users; coverage is the share of the catalogue recommended to anyone.
/// </summary>
public sealed class RankingMetrics(int k, int catalogueSize)
{
    private readonly HashSet<int> recommended = [];
    private double recall, ndcg;
    private int users;

    public int K => k;

    public void Add(IReadOnlyList<int> ranked, IReadOnlySet<int> heldOut)
    {
        if (heldOut.Count == 0) return;
        var hits = 0;
        var dcg = 0.0;
        for (var rank = 0; rank < Math.Min(k, ranked.Count); rank++)
        {
            recommended.Add(ranked[rank]);
            if (!heldOut.Contains(ranked[rank])) continue;
            hits++;
            dcg += 1 / Math.Log2(rank + 2);
        }

        var ideal = 0.0;
        for (var rank = 0; rank < Math.Min(k, heldOut.Count); rank++) ideal += 1 / Math.Log2(rank + 2);
        recall += (double)hits / Math.Min(k, heldOut.Count);
        ndcg += dcg / ideal;
        users++;
    }

    public ModelScore Score(string model) => new(
        model,
        users == 0 ? 0 : Math.Round(recall / users, 4),
        users == 0 ? 0 : Math.Round(ndcg / users, 4),
        catalogueSize == 0 ? 0 : Math.Round((double)recommended.Count / catalogueSize, 4));
}

public sealed record ModelScore(string Model, double RecallAt20, double NdcgAt20, double Coverage);
