namespace SocialCommerce.Benchmarks;

/// <summary>
/// Two benchmark processes taking turns, for a before/after comparison on a machine whose speed drifts: the same program
/// measured the same services at 72 and at 122 checkouts/s a quarter of an hour apart. Each process drives its own
/// platform (its own <c>SC_REPO_ROOT</c> and <c>SC_TEST_PORT_OFFSET</c>, one PostgreSQL and RabbitMQ for both) and they
/// measure in alternating slices, so a slow minute falls on both alike; the platform not measuring idles. Set
/// <c>SC_BENCH_PAIR=directory:label:peer:first|second</c>. The order alternates (first, second; second, first; …) so a
/// machine speeding up or slowing down across a round favours neither.
/// </summary>
public sealed class BenchmarkPair(string directory, string label, string peer, bool first)
{
    private string Turn => Path.Combine(directory, "turn");

    public static BenchmarkPair? FromEnvironment()
    {
        var setting = Environment.GetEnvironmentVariable("SC_BENCH_PAIR");
        if (string.IsNullOrEmpty(setting)) return null;
        var parts = setting.Split(':');
        if (parts.Length != 4 || parts[3] is not ("first" or "second"))
            throw new InvalidOperationException("SC_BENCH_PAIR is directory:label:peer:first|second.");
        Directory.CreateDirectory(parts[0]);
        return new BenchmarkPair(parts[0], parts[1], parts[2], parts[3] == "first");
    }

    public string Label => label;

    /// <summary>Says this platform is warm, waits for the peer's, and the first takes the first turn.</summary>
    public async Task ReadyAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(directory, $"ready-{label}"), "");
        while (!File.Exists(Path.Combine(directory, $"ready-{peer}"))) await Task.Delay(100);
        if (first) Write($"{label} 1");
    }

    /// <summary>Waits until this process may measure its slice of <paramref name="round"/> (from 1).</summary>
    public Task TurnAsync(int round) => WaitForAsync($"{label} {round}");

    /// <summary>Hands the machine to whoever is next; after the last slice of the last round both are done.</summary>
    public void Pass(int round, int rounds)
    {
        var (a, b) = first ? (label, peer) : (peer, label);
        var turns = Enumerable.Range(1, rounds).SelectMany(r => r % 2 == 1 ? new[] { $"{a} {r}", $"{b} {r}" } : [$"{b} {r}", $"{a} {r}"]).ToList();
        var next = turns.IndexOf($"{label} {round}") + 1;
        Write(next < turns.Count ? turns[next] : "done");
    }

    /// <summary>Waits for the peer's last slice, so this platform's settling does not load it.</summary>
    public Task FinishedAsync() => WaitForAsync("done");

    private async Task WaitForAsync(string expected)
    {
        while (!File.Exists(Turn) || await File.ReadAllTextAsync(Turn) != expected) await Task.Delay(50);
    }

    private void Write(string turn)
    {
        var temporary = Turn + $".{label}";
        File.WriteAllText(temporary, turn);
        File.Move(temporary, Turn, overwrite: true);
    }
}
