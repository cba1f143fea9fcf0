using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>What the gateway adds at the edge: health aggregation, OpenAPI, correlation ids, rate limits, metrics.</summary>
public sealed class EdgeTests
{
    [Test]
    public async Task Health_AllServicesReady_ReportsEachHealthy()
    {
        using var client = GatewayClient.Create();

        var response = await client.GetAsync("/health");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("services").GetProperty("identity").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task OpenApi_Identity_ServedThroughGatewayWithPublicPaths()
    {
        using var client = GatewayClient.Create();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/identity.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Does.Contain("/api/identity/users").And.Contain("/api/identity/tokens/refresh"));
    }

    [Test]
    public async Task CorrelationId_ClientSendsOne_EchoedOnce()
    {
        using var client = GatewayClient.Create();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/me");
        request.Headers.Add("X-Correlation-Id", "support-ticket-4711");

        var response = await client.SendAsync(request);

        Assert.That(response.Headers.GetValues("X-Correlation-Id"), Is.EqualTo(new[] { "support-ticket-4711" }));
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("correlationId").GetString(), Is.EqualTo("support-ticket-4711"));
    }

    [Test]
    public async Task CorrelationId_ClientSendsNone_GatewayAssignsOne()
    {
        using var client = GatewayClient.Create();
        var response = await client.GetAsync("/health/live");
        Assert.That(response.Headers.GetValues("X-Correlation-Id").Single(), Has.Length.GreaterThan(10));
    }

    [Test]
    public async Task SignIn_OverPerIpLimit_429ProblemWithRetryAfter()
    {
        var port = 8090 + Platform.Offset;
        await using var strictGateway = await Platform.Instance.StartGatewayAsync(port, authPerIpPerMinute: 3, perUserPerSecond: 1000);
        using var client = GatewayClient.Create(baseUrl: $"http://127.0.0.1:{port}");

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await client.PostAsJsonAsync("/api/identity/tokens", new { phone = GatewayClient.NewPhone(), password = "Wrong2026pw" }));
        }

        Assert.That(responses.Take(3).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        await responses[3].AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(responses[3].Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task SignIn_ForwardedForFromUntrustedConnection_IgnoredSoLimitStillApplies()
    {
        var port = 8091 + Platform.Offset;
        await using var strictGateway = await Platform.Instance.StartGatewayAsync(port, authPerIpPerMinute: 2, perUserPerSecond: 1000);
        using var client = GatewayClient.Create(baseUrl: $"http://127.0.0.1:{port}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add(await FailedSignInFromAsync(client, $"203.0.113.{i + 1}"));

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task SignIn_ForwardedForFromTrustedProxy_LimitsEachClientSeparately()
    {
        var port = 8092 + Platform.Offset;
        await using var proxiedGateway = await Platform.Instance.StartGatewayAsync(port, authPerIpPerMinute: 2, perUserPerSecond: 1000,
            new Dictionary<string, string> { ["Gateway__TrustedProxies__0"] = "127.0.0.0/8" });
        using var client = GatewayClient.Create(baseUrl: $"http://127.0.0.1:{port}");

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) first.Add(await FailedSignInFromAsync(client, "203.0.113.7"));
        var other = await FailedSignInFromAsync(client, "203.0.113.8");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
            Assert.That(other, Is.EqualTo(HttpStatusCode.Unauthorized), "another client behind the same proxy has its own bucket");
        });
    }

    [Test]
    public async Task Metrics_AfterTraffic_ExposeHttpAndOutboxSeries()
    {
        await GatewayClient.SignUpAsync(GatewayClient.NewPhone());
        using var gateway = new HttpClient();

        var gatewayMetrics = await gateway.GetStringAsync($"http://127.0.0.1:{LocalPlatform.GatewayMetricsPort(new Uri(Platform.GatewayUrl).Port)}/metrics");
        var identityMetrics = await gateway.GetStringAsync($"{Platform.IdentityUrl}/metrics");
        var publicMetrics = await gateway.GetAsync($"{Platform.GatewayUrl}/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(publicMetrics.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the public port does not serve /metrics");
            Assert.That(gatewayMetrics, Does.Contain("http_server_request_duration_seconds"));
            Assert.That(identityMetrics, Does.Contain("http_server_request_duration_seconds"));
            Assert.That(identityMetrics, Does.Contain("socialcommerce_outbox_lag_seconds"));
        });
    }

    // A wrong password for a fresh number each time, so identity's per-number lock-out never answers instead of the edge.
    private static async Task<HttpStatusCode> FailedSignInFromAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/tokens")
        {
            Content = JsonContent.Create(new { phone = GatewayClient.NewPhone(), password = "Wrong2026pw" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }
}
