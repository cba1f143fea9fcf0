namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// Item-to-item co-occurrence in memory, the same arithmetic as the model job's <c>similar_items</c> statement
/// (<see cref="ModelJob"/>; a test holds the two equal): each user's strongest decayed choice of a product, and two products
/// chosen by the same user add the smaller of the two. The offline evaluation uses it on data sets too big to copy into a
/// database first. Products are walked one at a time over a dense scratch row, so memory stays one row per thread.
/// </summary>
public static class CoOccurrence
{
    /// <param name="choices">Users × products: each user's strongest decayed choice of each product.</param>
    /// <returns>For each product, its <paramref name="perProduct"/> most similar products, best first.</returns>
    public static (int Product, double Score)[][] Similar(FeedbackMatrix choices, int perProduct, Func<int, bool> listed)
    {
        var productUsers = choices.Transpose();
        var similar = new (int, double)[choices.ColumnCount][];
        Parallel.For(0, choices.ColumnCount, () => (Scores: new double[choices.ColumnCount], Touched: new List<int>()), (product, _, scratch) =>
        {
            var (scores, touched) = scratch;
            var users = productUsers.ColumnsOf(product);
            var weights = productUsers.ValuesOf(product);
            for (var n = 0; n < users.Length; n++)
            {
                var others = choices.ColumnsOf(users[n]);
                var otherWeights = choices.ValuesOf(users[n]);
                for (var m = 0; m < others.Length; m++)
                {
                    var other = others[m];
                    if (other == product || !listed(other)) continue;
                    if (scores[other] == 0) touched.Add(other);
                    scores[other] += Math.Min(weights[n], otherWeights[m]);
                }
            }

            similar[product] = touched.Select(other => (other, scores[other]))
                .OrderByDescending(pair => pair.Item2).ThenBy(pair => pair.other).Take(perProduct).ToArray();
            foreach (var other in touched) scores[other] = 0;
            touched.Clear();
            return scratch;
        }, _ => { });
        return similar;
    }
}
