using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// The chain that makes API drift fail a test: the code serves a document (through the gateway) → it must equal the
/// stored document in contracts/api-client/openapi → the generated client in contracts/api-client must be what Kiota makes
/// of that document → the end-to-end journeys call the API through that client, so a renamed field breaks their build.
/// </summary>
public sealed class ApiClientTests
{
    private static readonly string[] Services = ["identity", "catalog", "moderation", "payment-adapter", "order", "referral-commission", "social", "recommendation"];

    private static string ClientFolder => Path.Combine(TestInfrastructure.RepoRoot, "contracts", "api-client");

    private const string Refresh =
        "the API changed: with the platform up, run ./build.sh api-client, review the diff of contracts/api-client and commit it";

    [TestCaseSource(nameof(Services))]
    public async Task Document_ServedThroughGateway_EqualsTheStoredDocument(string service)
    {
        using var anonymous = GatewayClient.Create();
        var served = JsonNode.Parse(await anonymous.GetStringAsync($"/openapi/{service}.json"));
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ClientFolder, "openapi", $"{service}.json")));

        Assert.That(FirstDifference(stored, served, "$"), Is.Null, Refresh);
    }

    [TestCaseSource(nameof(Services))]
    public async Task GeneratedClient_FromTheStoredDocument_IsWhatKiotaGenerates(string service)
    {
        var name = string.Concat(service.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
        var output = Path.Combine(Path.GetTempPath(), $"sc-api-client-{name}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = ClientFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "kiota", "generate", "-l", "CSharp", "-d", $"openapi/{service}.json", "-o", output, "-n", $"SocialCommerce.ApiClient.{name}",
                     "-c", $"{name}Client", "--exclude-backward-compatible", "--log-level", "Warning",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var kiota = Process.Start(start)!;
        var log = kiota.StandardOutput.ReadToEndAsync();
        var errors = kiota.StandardError.ReadToEndAsync();
        await kiota.WaitForExitAsync();
        Assert.That(kiota.ExitCode, Is.Zero, await log + await errors);

        var generated = SourceFiles(output);
        var committed = SourceFiles(Path.Combine(ClientFolder, name));
        Directory.Delete(output, recursive: true);
        Assert.Multiple(() =>
        {
            Assert.That(committed.Keys, Is.EquivalentTo(generated.Keys), Refresh);
            foreach (var (file, text) in generated)
            {
                Assert.That(committed.GetValueOrDefault(file), Is.EqualTo(text), $"{file}: {Refresh}");
            }
        });
    }

    private static Dictionary<string, string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file), File.ReadAllText);

    // The JSON path of the first place the served document differs from the stored one, to say where the API changed.
    private static string? FirstDifference(JsonNode? stored, JsonNode? served, string path)
    {
        switch (stored, served)
        {
            case (JsonObject left, JsonObject right):
                foreach (var key in left.Select(pair => pair.Key).Union(right.Select(pair => pair.Key)))
                {
                    if (!left.ContainsKey(key)) return $"{path}.{key} (new)";
                    if (!right.ContainsKey(key)) return $"{path}.{key} (gone)";
                    if (FirstDifference(left[key], right[key], $"{path}.{key}") is { } inner) return inner;
                }

                return null;
            case (JsonArray left, JsonArray right):
                for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
                {
                    if (i >= left.Count || i >= right.Count) return $"{path}[{i}] (length {left.Count} → {right.Count})";
                    if (FirstDifference(left[i], right[i], $"{path}[{i}]") is { } inner) return inner;
                }

                return null;
            default:
                return JsonNode.DeepEquals(stored, served) ? null : $"{path}: {stored?.ToJsonString()} → {served?.ToJsonString()}";
        }
    }
}
