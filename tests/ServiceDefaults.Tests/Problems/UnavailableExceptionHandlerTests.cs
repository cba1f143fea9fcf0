using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Problems;

/// <summary>An overloaded pool or a silent upstream is a 503 the client may retry; only our own bugs are 500s.</summary>
public sealed class UnavailableExceptionHandlerTests
{
    private WebApplication app = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddDefaultProblemDetails();
        app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/deadline", () => { throw new RpcException(new Status(StatusCode.DeadlineExceeded, "")); });
        app.MapGet("/pool", () => { throw new NpgsqlException("The connection pool has been exhausted", new TimeoutException()); });
        app.MapGet("/bug", () => { throw new RpcException(new Status(StatusCode.InvalidArgument, "our own mistake")); });
        await app.StartAsync();
        client = app.GetTestClient();
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [TestCase("/deadline", "upstream-unavailable")]
    [TestCase("/pool", "busy")]
    public async Task Request_UpstreamSilentOrPoolExhausted_503ProblemWithRetryAfter(string path, string code)
    {
        var response = await client.GetAsync(path);

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo(code));
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        });
    }

    [Test]
    public async Task Request_GrpcCallRefusedForOurOwnMistake_StillA500()
    {
        await (await client.GetAsync("/bug")).AssertProblemAsync(HttpStatusCode.InternalServerError);
    }
}
