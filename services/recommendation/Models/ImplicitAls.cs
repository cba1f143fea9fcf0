namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// The knobs of <see cref="ImplicitAls"/>. Alpha turns a signal's weight into confidence (<c>c = 1 + α·r</c>); the
/// regularisation keeps rare users and products from fitting their few signals exactly. The defaults are the ones the
/// offline evaluation chose (docs/recommendation.md).
/// </summary>
public sealed record AlsSettings(int Factors = 64, int Iterations = 10, double Regularisation = 5, double Alpha = 40, int Seed = 2026);

/// <summary>
/// Implicit-feedback matrix factorisation after Hu, Koren and Volinsky (2008): every (user, product) cell is a preference
/// of 1 where the user showed interest and 0 elsewhere, weighted by a confidence that grows with the signal. Alternating
/// least squares solves each user's factors with the products' fixed, then each product's with the users' fixed, using
/// <c>YᵀY + Yᵀ(Cᵤ − I)Y</c> so a row costs its own signals rather than the whole catalogue. Rows are solved in parallel but
/// each depends only on the other side's factors, so a seed gives the same model on any number of cores.
/// </summary>
public static class ImplicitAls
{
    public static AlsModel Train(FeedbackMatrix userProducts, AlsSettings settings, CancellationToken cancellationToken = default)
    {
        var k = settings.Factors;
        var productUsers = userProducts.Transpose();
        var random = new Random(settings.Seed);
        var users = new float[userProducts.RowCount * k];
        var products = new float[userProducts.ColumnCount * k];
        for (var n = 0; n < products.Length; n++) products[n] = (float)((random.NextDouble() - 0.5) * 0.1);

        for (var iteration = 0; iteration < settings.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SolveSide(userProducts, products, users, settings, cancellationToken);
            SolveSide(productUsers, users, products, settings, cancellationToken);
        }

        return new AlsModel(k, users, products);
    }

    /// <summary>Solves every row's factors (into <paramref name="solved"/>) with the other side's (<paramref name="fixedFactors"/>) held.</summary>
    private static void SolveSide(FeedbackMatrix rows, float[] fixedFactors, float[] solved, AlsSettings settings, CancellationToken cancellationToken)
    {
        var k = settings.Factors;
        var gram = Gram(fixedFactors, k);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, rows.RowCount, options, () => (A: new double[k * k], B: new double[k]), (row, _, buffers) =>
        {
            var (a, b) = buffers;
            Array.Copy(gram, a, gram.Length);
            for (var d = 0; d < k; d++) a[d * k + d] += settings.Regularisation;
            Array.Clear(b);
            var columns = rows.ColumnsOf(row);
            var values = rows.ValuesOf(row);
            for (var n = 0; n < columns.Length; n++)
            {
                var confidence = 1 + settings.Alpha * values[n];
                var y = fixedFactors.AsSpan(columns[n] * k, k);
                for (var i = 0; i < k; i++)
                {
                    var scaled = (confidence - 1) * y[i];
                    for (var j = 0; j <= i; j++) a[i * k + j] += scaled * y[j];
                    b[i] += confidence * y[i];
                }
            }

            CholeskySolve(a, b, k);
            var target = solved.AsSpan(row * k, k);
            for (var i = 0; i < k; i++) target[i] = (float)b[i];
            return buffers;
        }, _ => { });
    }

    /// <summary>YᵀY, the part every row shares; only the lower triangle is filled, which is all the solver reads.</summary>
    private static double[] Gram(float[] factors, int k)
    {
        var gram = new double[k * k];
        for (var offset = 0; offset < factors.Length; offset += k)
        {
            for (var i = 0; i < k; i++)
            {
                var yi = factors[offset + i];
                for (var j = 0; j <= i; j++) gram[i * k + j] += yi * factors[offset + j];
            }
        }

        return gram;
    }

    /// <summary>Solves A·x = b in place (x into b) for a symmetric positive definite A given by its lower triangle.</summary>
    public static void CholeskySolve(double[] a, double[] b, int k)
    {
        for (var j = 0; j < k; j++)
        {
            var diagonal = a[j * k + j];
            for (var m = 0; m < j; m++) diagonal -= a[j * k + m] * a[j * k + m];
            diagonal = Math.Sqrt(diagonal);
            a[j * k + j] = diagonal;
            for (var i = j + 1; i < k; i++)
            {
                var sum = a[i * k + j];
                for (var m = 0; m < j; m++) sum -= a[i * k + m] * a[j * k + m];
                a[i * k + j] = sum / diagonal;
            }
        }

        for (var i = 0; i < k; i++)
        {
            var sum = b[i];
            for (var m = 0; m < i; m++) sum -= a[i * k + m] * b[m];
            b[i] = sum / a[i * k + i];
        }

        for (var i = k - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var m = i + 1; m < k; m++) sum -= a[m * k + i] * b[m];
            b[i] = sum / a[i * k + i];
        }
    }
}

/// <summary>Trained factors: a user's predicted preference for a product is the dot product of their two rows.</summary>
public sealed class AlsModel(int factors, float[] userFactors, float[] productFactors)
{
    public int Factors => factors;
    public int Users => userFactors.Length / factors;
    public int Products => productFactors.Length / factors;

    public float Score(int user, int product)
    {
        var x = userFactors.AsSpan(user * factors, factors);
        var y = productFactors.AsSpan(product * factors, factors);
        var sum = 0f;
        for (var i = 0; i < factors; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>The user's best <paramref name="count"/> products, best first, leaving out those <paramref name="skip"/> names.</summary>
    public List<(int Product, float Score)> Top(int user, int count, Func<int, bool> skip)
    {
        var best = new PriorityQueue<int, (float Score, int NegatedProduct)>(count + 1);
        for (var product = 0; product < Products; product++)
        {
            if (skip(product)) continue;
            var score = Score(user, product);
            best.Enqueue(product, (score, -product));
            if (best.Count > count) best.Dequeue();
        }

        var top = new List<(int, float)>(best.Count);
        while (best.TryDequeue(out var product, out var key)) top.Add((product, key.Score));
        top.Reverse();
        return top;
    }
}
