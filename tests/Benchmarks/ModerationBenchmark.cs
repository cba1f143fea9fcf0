using System.Diagnostics;
using SocialCommerce.Moderation.Screening;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Screening engine: <see cref="TextMatcher.FindAll"/> on 200-character texts against a lexicon of exactly 10,000
/// terms (the starter lexicon plus generated 2–6 character terms), single thread, against the naive loop it replaces
/// (<c>text.Contains(term)</c> per term over the lower-cased text). Texts are cut from the ordinary titles and posts of
/// the false-positive corpus. No infrastructure needed.
/// </summary>
public static class ModerationBenchmark
{
    private const int LexiconSize = 10_000;
    private const int Texts = 2_000;
    private const int TextLength = 200;
    private const int Rounds = 5;

    private static readonly string[] Evasions =
    [
        "请加微 信聊", "微*信", "微🙂信", "ｗｅｉｘｉｎ", "WeiXin", "加V", "加Ｖ", "國家級", "国 家 级", "全网最低價",
        "1 3 8 0 0 1 3 8 0 0 0", "138-0013-8000", "一三八零零一三八零零零", "qq：12345678", "扣扣 1234567",
        "wx: abc_12345", "http://evil.example.com", "www.example.cn",
    ];

    public static void Run()
    {
        var corpus = Path.Combine(TestInfrastructure.RepoRoot, "tests", "Moderation.Tests", "Screening", "TestData");
        var lines = Directory.GetFiles(corpus, "ordinary-*.txt").Order().SelectMany(File.ReadAllLines).Where(line => line.Length > 0).ToArray();
        var terms = Lexicon(lines);
        var texts = BuildTexts(lines);

        _ = TextMatcher.Build(terms.Take(10)); // the folding tables' type initialiser is paid once per process, not per build
        var builds = Enumerable.Range(0, Rounds).Select(_ => Time(() => TextMatcher.Build(terms))).ToArray();
        var matcher = TextMatcher.Build(terms);
        var naiveTerms = terms.Where(term => term.Category != Categories.Allow).Select(term => term.Term.ToLowerInvariant()).ToArray();

        var hits = 0L;
        var naiveHits = 0L;
        foreach (var text in texts) hits += matcher.FindAll(text).Count;   // warm-up (JIT tiers) and hit counts
        foreach (var text in texts) naiveHits += Naive(naiveTerms, text);
        var (engineRate, engine) = Measure(texts, text => matcher.FindAll(text).Count);
        var (naiveRate, naive) = Measure(texts, text => Naive(naiveTerms, text));
        var caught = Evasions.Count(evasion => matcher.FindAll(evasion).Count > 0);
        var naiveCaught = Evasions.Where(evasion => Naive(naiveTerms, evasion) > 0).ToArray();

        Console.WriteLine();
        Console.WriteLine($"## Moderation screening ({matcher.TermCount:N0} terms, {Texts:N0} texts of {TextLength} chars, {Rounds} rounds, one thread)");
        Console.WriteLine($"Build for {matcher.TermCount:N0} terms: {Percentile(builds, 50):0.0} ms (median of {Rounds}); " +
            $"hits per text: TextMatcher {(double)hits / Texts:0.00}, naive {(double)naiveHits / Texts:0.00}.");
        Console.WriteLine();
        Console.WriteLine("| engine | screenings/s | p50 | p99 | evasions caught |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| TextMatcher.FindAll (normalise + Aho–Corasick + detectors) | {engineRate:N0} | {Percentile(engine, 50) * 1000:0.0} µs | **{Percentile(engine, 99) * 1000:0.0} µs** | {caught} of {Evasions.Length} |");
        Console.WriteLine($"| naive `Contains` per term, lower-cased text | {naiveRate:N0} | {Percentile(naive, 50) * 1000:0.0} µs | {Percentile(naive, 99) * 1000:0.0} µs | {naiveCaught.Length} of {Evasions.Length} |");
        Console.WriteLine($"| **ratio** | **×{engineRate / naiveRate:0.0}** | ×{Percentile(naive, 50) / Percentile(engine, 50):0.0} | ×{Percentile(naive, 99) / Percentile(engine, 99):0.0} | |");
        Console.WriteLine();
        Console.WriteLine(naiveCaught.Length == 0
            ? "The naive loop catches none of the evasions."
            : $"The naive loop catches only the evasions that are a case change of a listed term: {string.Join(", ", naiveCaught)}.");

        // Texts written to be slow: the longest text the API takes, one listed term repeated, every position a hit.
        Console.WriteLine();
        foreach (var unit in new[] { "微信", "加微信 ", "国家级" })
        {
            var hostile = string.Concat(Enumerable.Repeat(unit, 20_000 / unit.Length));
            var found = matcher.FindAll(hostile).Count;
            var worst = Enumerable.Range(0, Rounds).Select(_ => Time(() => matcher.FindAll(hostile))).Max();
            Console.WriteLine($"Hostile text: \"{unit.Trim()}\" repeated to {hostile.Length:N0} chars, {found:N0} hits: {worst:0.0} ms (worst of {Rounds}).");
        }
    }

    // Starter terms, then distinct 2–6 character terms drawn from the CJK characters of the corpus (common characters,
    // so generated terms do occur in the texts), until the matcher holds exactly 10,000.
    private static List<LexiconTerm> Lexicon(string[] lines)
    {
        var terms = StarterLexicon.Load().SelectMany(lexicon => lexicon.Terms).ToList();
        var normalized = terms.Select(term => (TextNormalizer.Normalize(term.Term), term.Category)).ToHashSet();
        var pool = lines.SelectMany(line => line).Where(c => c is >= '\u4E00' and <= '\u9FFF').Distinct().Order().ToArray();
        var random = new Random(20240601);
        while (normalized.Count < LexiconSize)
        {
            var term = new string(Enumerable.Range(0, random.Next(2, 7)).Select(_ => pool[random.Next(pool.Length)]).ToArray());
            if (normalized.Add((TextNormalizer.Normalize(term), Categories.Custom))) terms.Add(new LexiconTerm(term, Categories.Custom));
        }
        return terms;
    }

    private static string[] BuildTexts(string[] lines)
    {
        var random = new Random(42);
        return Enumerable.Range(0, Texts).Select(_ =>
        {
            var text = "";
            while (text.Length < TextLength) text += lines[random.Next(lines.Length)] + " ";
            return text[..TextLength];
        }).ToArray();
    }

    private static int Naive(string[] terms, string text)
    {
        var lower = text.ToLowerInvariant();
        var found = 0;
        foreach (var term in terms)
        {
            if (lower.Contains(term, StringComparison.Ordinal)) found++;
        }
        return found;
    }

    private static (double Rate, double[] Milliseconds) Measure(string[] texts, Func<string, int> screen)
    {
        var latencies = new double[texts.Length * Rounds];
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                screen(texts[i]);
                latencies[round * texts.Length + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }
        clock.Stop();
        return (latencies.Length / clock.Elapsed.TotalSeconds, latencies);
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }
}
