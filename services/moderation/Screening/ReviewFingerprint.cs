namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// MinHash over the distinct two-character shingles of the normalised text, for templated reviews posted again and
/// again with a word or two changed. Normalising first makes copies that differ only in punctuation, emoji, spacing,
/// width or traditional characters identical. The share of equal minimums estimates the Jaccard similarity of the
/// shingle sets, which a one-word edit lowers only by the few shingles it touches, short review or long. Candidates are
/// found by locality-sensitive bands: a pair at similarity 0.6 shares at least one band with probability 0.81, at
/// 0.8 with 0.998, unrelated reviews (about 0.1) almost never.
/// </summary>
public static class ReviewFingerprint
{
    public const int MinimumLength = 12;
    public const int Bands = 12;
    public const int RowsPerBand = 4;
    public const int HashCount = Bands * RowsPerBand;

    /// <summary>Estimated Jaccard similarity at or above which two reviews are near-identical.</summary>
    public const double NearDuplicateSimilarity = 0.5;

    /// <summary>The MinHash signature; null when the normalised text is shorter than <see cref="MinimumLength"/> ("好评", "不错").</summary>
    public static int[]? Compute(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length < MinimumLength) return null;

        var minimums = new uint[HashCount];
        Array.Fill(minimums, uint.MaxValue);
        for (var i = 0; i + 2 <= normalized.Length; i++)
        {
            var shingle = Hash(normalized.AsSpan(i, 2));
            for (var k = 0; k < HashCount; k++)
            {
                // One base hash re-mixed per k: 48 independent-enough permutations without 48 passes over the text.
                var value = (uint)(Mix(shingle + (ulong)k * 0x9E3779B97F4A7C15UL) >> 32);
                if (value < minimums[k]) minimums[k] = value;
            }
        }

        return Array.ConvertAll(minimums, m => unchecked((int)m));
    }

    /// <summary>One key per band (the band number is mixed in, so equal rows in different bands do not collide).</summary>
    public static long[] BandKeys(int[] signature)
    {
        var keys = new long[Bands];
        for (var band = 0; band < Bands; band++)
        {
            var hash = (ulong)band * 0xC2B2AE3D27D4EB4FUL;
            for (var row = 0; row < RowsPerBand; row++) hash = Mix(hash ^ (uint)signature[band * RowsPerBand + row]);
            keys[band] = unchecked((long)hash);
        }

        return keys;
    }

    public static double Similarity(int[] a, int[] b)
    {
        var equal = 0;
        for (var k = 0; k < HashCount; k++)
        {
            if (a[k] == b[k]) equal++;
        }

        return (double)equal / HashCount;
    }

    // FNV-1a over the UTF-16 code units. Stable across processes and machines, unlike string.GetHashCode: signatures are stored.
    private static ulong Hash(ReadOnlySpan<char> shingle)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in shingle)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }

        return Mix(hash);
    }

    // The MurmurHash3 64-bit finaliser: every input bit affects every output bit.
    private static ulong Mix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb53a185a6f53UL;
        return hash ^ (hash >> 33);
    }
}
