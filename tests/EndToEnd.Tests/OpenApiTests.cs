using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// Every service's OpenAPI document as clients get it (through the gateway) passes a well-known linter's recommended rules
/// (@redocly/cli, pinned in build/openapi-lint), and documents exactly what the gateway routes to that service.
/// </summary>
public sealed class OpenApiTests
{
    private static readonly string[] Services = ["identity", "catalog", "moderation", "payment-adapter", "order", "referral-commission", "social", "recommendation"];

    private static async Task<JsonElement> DocumentAsync(string service)
    {
        using var anonymous = GatewayClient.Create();
        return await anonymous.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");
    }

    [TestCaseSource(nameof(Services))]
    public async Task Lint_DocumentThroughGateway_NoErrorsUnderTheRecommendedRules(string service)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sc-openapi-{service}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync(service)).GetRawText());
        var cli = Path.Combine(TestInfrastructure.RepoRoot, "build", "openapi-lint", "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.That(File.Exists(cli), Is.True, "the linter is installed by ./build.sh test (npm ci in build/openapi-lint)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cli, "lint", file, "--format=stylish" }) start.ArgumentList.Add(argument);
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        using var lint = Process.Start(start)!;
        var output = lint.StandardOutput.ReadToEndAsync();
        var errors = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();
        File.Delete(file);

        Assert.That(lint.ExitCode, Is.Zero, await output + await errors);
    }

    [TestCaseSource(nameof(Services))]
    public async Task Paths_DocumentAndGatewayRoutes_MatchBothWays(string service)
    {
        var routes = GatewayRoutes(service);
        var operations = (await DocumentAsync(service)).GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Method: operation.Name.ToUpperInvariant(), Path: path.Name)))
            .ToList();

        var unrouted = operations.Where(operation => !routes.Any(route => route.Matches(operation.Method, operation.Path))).ToList();
        var undocumented = routes.Where(route => !operations.Any(operation => route.Matches(operation.Method, operation.Path))).Select(route => route.Path).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(operations, Is.Not.Empty);
            Assert.That(unrouted, Is.Empty, "documented, but the gateway sends no such request to the service");
            Assert.That(undocumented, Is.Empty, "routed by the gateway, but no documented operation lies under it");
        });
    }

    private sealed record Route(string Path, Regex Pattern, string[]? Methods)
    {
        public bool Matches(string method, string path) => (Methods is null || Methods.Contains(method)) && Pattern.IsMatch(path);
    }

    // The gateway's routes to the service's cluster (its own document route aside), as path patterns.
    private static List<Route> GatewayRoutes(string cluster)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestInfrastructure.RepoRoot, "gateway", "appsettings.json")));
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Select(route => route.Value)
            .Where(route => route.GetProperty("ClusterId").GetString() == cluster)
            .Select(route => (Path: route.GetProperty("Match").GetProperty("Path").GetString()!, Match: route.GetProperty("Match")))
            .Where(route => !route.Path.StartsWith("/openapi/", StringComparison.Ordinal))
            .Select(route => new Route(route.Path, Pattern(route.Path),
                route.Match.TryGetProperty("Methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!).ToArray() : null))
            .ToList();
    }

    // "/api/social/{**rest}" covers "/api/social" and everything below it; "{code}" one segment, as in a documented template.
    private static Regex Pattern(string routePath)
    {
        var pattern = Regex.Escape(routePath)
            .Replace("/\\{\\*\\*rest}", "(/.*)?")
            .Replace("\\{", "{");
        pattern = Regex.Replace(pattern, "\\{[^}/]+}", "[^/]+");
        return new Regex("^" + pattern + "$");
    }
}
