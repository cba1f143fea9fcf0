using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.ServiceDefaults.Tests;

/// <summary>
/// The caller's side of service identity: identity is asked once per half token lifetime, an identity outage at renewal
/// is ridden out on the token held while it lasts, and a token a callee refused is not offered again. Identity itself is
/// replaced by a token endpoint that counts its calls; its real behaviour is tested in Identity.Tests and end to end.
/// </summary>
public sealed class ServiceTokensTests
{
    private MovableClock clock = null!;
    private TokenEndpoint identity = null!;

    // NUnit runs every test of a fixture on one instance: each starts with its own clock and identity.
    [SetUp]
    public void FreshIdentity() => (clock, identity) = (new MovableClock(), new TokenEndpoint());

    [Test]
    public async Task Get_WithinHalfTheLifetime_AsksIdentityOnce()
    {
        var tokens = NewTokens();

        var first = await tokens.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        var second = await tokens.GetAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(identity.Requests, Has.Count.EqualTo(1));
            Assert.That(identity.Requests[0], Does.Contain("grant_type=client_credentials").And.Contain("client_id=order")
                .And.Contain("client_secret=order-secret"));
        });
    }

    [Test]
    public async Task Get_PastHalfTheLifetime_RenewsTheToken()
    {
        var tokens = NewTokens();

        var first = await tokens.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(6));
        var second = await tokens.GetAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(identity.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Get_IdentityDownAtRenewal_KeepsTheHeldTokenUntilItExpires()
    {
        var tokens = NewTokens();
        var held = await tokens.GetAsync(CancellationToken.None);
        identity.Down = true;

        clock.Advance(TimeSpan.FromMinutes(9));
        var stillHeld = await tokens.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(stillHeld, Is.EqualTo(held));
            Assert.ThrowsAsync<HttpRequestException>(async () => await tokens.GetAsync(CancellationToken.None), "an expired token is never offered");
        });
    }

    [Test]
    public async Task Get_AfterACalleeRefusedTheToken_FetchesANewOne()
    {
        var tokens = NewTokens();
        var refused = await tokens.GetAsync(CancellationToken.None);

        tokens.Forget(refused);
        var fresh = await tokens.GetAsync(CancellationToken.None);

        Assert.That(fresh, Is.Not.EqualTo(refused));
    }

    [Test]
    public async Task Get_ManyCallersAtOnce_AskIdentityOnce()
    {
        var tokens = NewTokens();

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => tokens.GetAsync(CancellationToken.None).AsTask()));

        Assert.Multiple(() =>
        {
            Assert.That(all.Distinct().Count(), Is.EqualTo(1));
            Assert.That(identity.Requests, Has.Count.EqualTo(1));
        });
    }

    private ServiceTokens NewTokens()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = "http://identity.test",
            [ServiceAuth.ClientSecretKey] = "order-secret",
        }).Build();
        return new ServiceTokens(new SingleClientFactory(identity), configuration, new ServiceIdentity("order"), clock, NullLogger<ServiceTokens>.Instance);
    }

    private sealed class TokenEndpoint : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];
        public bool Down { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down) throw new HttpRequestException("connection refused");
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("http://identity.test/connect/token")));
            var form = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Requests) Requests.Add(form);
            await Task.Delay(20, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"access_token":"token-{{Guid.NewGuid():N}}","token_type":"Bearer","expires_in":600}""",
                    Encoding.UTF8, "application/json"),
            };
        }
    }

    private sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class MovableClock : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
