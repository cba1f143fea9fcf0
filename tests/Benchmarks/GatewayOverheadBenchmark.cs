using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Brief P1: the same authenticated GET (<c>/api/identity/me</c>: token check, one indexed query) straight to
/// identity and through the gateway. Throughput under 32 concurrent clients; added latency with one client, so
/// queueing does not hide the hop. Rounds alternate direct and gateway to spread machine noise over both.
/// </summary>
public static class GatewayOverheadBenchmark
{
    private const int Rounds = 3;
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(8);

    public static async Task RunAsync()
    {
        await using var platform = await LocalPlatform.StartAsync(authPerIpPerMinute: 1_000_000, perUserPerSecond: 1_000_000);
        using var client = LoadGenerator.CreateClient(await SignInAsync());
        var direct = $"{LocalPlatform.IdentityUrl}/api/identity/me";
        var viaGateway = $"{LocalPlatform.GatewayUrl}/api/identity/me";

        await LoadGenerator.RunAsync(client, direct, 8, TimeSpan.FromSeconds(3));
        await LoadGenerator.RunAsync(client, viaGateway, 8, TimeSpan.FromSeconds(3));

        var directThroughput = new List<LoadResult>();
        var gatewayThroughput = new List<LoadResult>();
        for (var i = 0; i < Rounds; i++)
        {
            directThroughput.Add(await LoadGenerator.RunAsync(client, direct, 32, Round));
            gatewayThroughput.Add(await LoadGenerator.RunAsync(client, viaGateway, 32, Round));
        }

        var directLatency = await LoadGenerator.RunAsync(client, direct, 1, Round);
        var gatewayLatency = await LoadGenerator.RunAsync(client, viaGateway, 1, Round);

        var directRps = directThroughput.Average(r => r.PerSecond);
        var gatewayRps = gatewayThroughput.Average(r => r.PerSecond);
        var failures = directThroughput.Concat(gatewayThroughput).Sum(r => r.Failures) + directLatency.Failures + gatewayLatency.Failures;
        Console.WriteLine();
        Console.WriteLine("## P1 gateway overhead (GET /api/identity/me, authenticated)");
        Console.WriteLine("| measure | direct to identity | through gateway | figure |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| throughput, 32 clients, {Rounds}×{Round.TotalSeconds:0} s each | {directRps:0} req/s | {gatewayRps:0} req/s | ratio **{gatewayRps / directRps:0.00}** (target ≥ 0.6) |");
        Console.WriteLine($"| p50 latency, 1 client | {directLatency.Percentile(50):0.000} ms | {gatewayLatency.Percentile(50):0.000} ms | added **{gatewayLatency.Percentile(50) - directLatency.Percentile(50):0.000} ms** (target < 1 ms) |");
        Console.WriteLine($"| p99 latency, 1 client | {directLatency.Percentile(99):0.000} ms | {gatewayLatency.Percentile(99):0.000} ms | added {gatewayLatency.Percentile(99) - directLatency.Percentile(99):0.000} ms |");
        Console.WriteLine($"| failed requests | | | {failures} |");
    }

    private static async Task<string> SignInAsync()
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync($"{LocalPlatform.IdentityUrl}/api/identity/tokens",
            new { phone = "13800000001", password = "Shopper2026!demo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
