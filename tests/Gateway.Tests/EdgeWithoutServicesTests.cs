using System.Net;
using System.Text.Json;

namespace SocialCommerce.Gateway.Tests;

/// <summary>The edge's own answers when the services behind it are down: problem+json, aggregate health, CORS, no document of its own.</summary>
[TestFixture]
public sealed class EdgeWithoutServicesTests
{
    private GatewayWithoutServices gateway = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        gateway = new GatewayWithoutServices();
        client = gateway.CreateClient();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        client.Dispose();
        await gateway.DisposeAsync();
    }

    [Test]
    public async Task Forward_ServiceRefusesConnections_502ProblemWithCorrelationId()
    {
        using var response = await client.GetAsync("/api/catalog/products");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The service could not be reached."));
            Assert.That(response.Headers.Contains("X-Correlation-Id"), Is.True);
        });
    }

    [Test]
    public async Task Health_EveryServiceDown_503NamingEachUnhealthy()
    {
        using var response = await client.GetAsync("/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var services = health.GetProperty("services").EnumerateObject().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(services.Select(service => service.Name), Does.Contain("catalog").And.Contain("order"));
            Assert.That(services.Select(service => service.Value.GetProperty("status").GetString()).Distinct(), Is.EqualTo(new[] { "Unhealthy" }));
        });
    }

    [Test]
    public async Task Preflight_ListedOrigin_AnsweredByTheGatewayWithCorsHeaders()
    {
        using var response = await client.SendAsync(Preflight(GatewayWithoutServices.AllowedOrigin));

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.LessThan(300), "answered at the edge, although order is down");
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { GatewayWithoutServices.AllowedOrigin }));
        });
    }

    [Test]
    public async Task Preflight_OtherOrigin_NoCorsHeaders()
    {
        using var response = await client.SendAsync(Preflight("https://evil.example"));

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task OpenApi_GatewayItself_NoDocumentOfItsOwn404Problem()
    {
        using var response = await client.GetAsync("/openapi/v1.json");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [TestCase("/")]
    [TestCase("/products/0190a001-0000-7000-8000-000000000001")]
    public async Task Page_WebClientDown_ForwardedToTheWebClient502Problem(string path)
    {
        using var response = await client.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.BadGateway);
    }

    [TestCase("/api/nothing-here")]
    [TestCase("/openapi/nothing.json")]
    public async Task UnknownApiPath_BrowserAskingForHtml_404ProblemNotTheWebClient(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", "text/html");

        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/order/orders");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return request;
    }
}
