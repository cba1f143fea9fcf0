using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using SocialCommerce.Identity.Tokens;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Identity.Tests;

/// <summary>
/// The identity service in-process (its whole pipeline, real PostgreSQL and RabbitMQ, a database and
/// virtual host of its own); the end-to-end suite runs it as a real process behind the gateway.
/// </summary>
public sealed class IdentityApp : WebApplicationFactory<Program>
{
    public const string Issuer = "http://identity.test";

    private readonly IReadOnlyDictionary<string, string> settings;

    private IdentityApp(string connectionString, string brokerUri, IReadOnlyDictionary<string, string>? settings)
    {
        ConnectionString = connectionString;
        BrokerUri = brokerUri;
        this.settings = settings ?? new Dictionary<string, string>();
    }

    public string ConnectionString { get; }
    public string BrokerUri { get; }

    /// <param name="settings">Extra configuration, over the test defaults.</param>
    public static async Task<IdentityApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var connectionString = TestInfrastructure.NewDatabase("idtest");
        new DatabaseMigrator(connectionString, typeof(Program).Assembly).Migrate();
        var app = new IdentityApp(connectionString, await TestInfrastructure.NewVirtualHostAsync("idtest"), settings);
        app.CreateClient().Dispose();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // UseSetting, not ConfigureAppConfiguration: Program reads connection strings while composing, before
        // configuration callbacks registered by the factory would run.
        builder.UseSetting("ConnectionStrings:Database", ConnectionString);
        builder.UseSetting("ConnectionStrings:RabbitMq", BrokerUri);
        builder.UseSetting("Identity:Issuer", Issuer);
        builder.UseSetting("Auth:Authority", Issuer);
        // Same algorithm, fewer rounds: the suite hashes hundreds of passwords on two cores.
        builder.UseSetting("Identity:PasswordIterations", "20000");
        // Only identity runs here: the other services' parts of the data export are left out unless a test names one.
        foreach (var part in new[] { "order", "payment", "referral", "moderation", "social", "recommendation" }) builder.UseSetting($"Identity:ExportParts:{part}", "");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    public static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    public async Task<(Guid UserId, TokenPair Tokens, string Phone)> SignedUpUserAsync(string password = "Secret2026pw")
    {
        var phone = NewPhone();
        using var client = CreateClient();
        var created = await client.PostAsJsonAsync("/api/identity/users", new { phone, password, nickname = "测试用户" });
        created.EnsureSuccessStatusCode();
        var userId = (await created.Content.ReadFromJsonAsync<SignUp>())!.UserId;
        var tokens = await client.PostAsJsonAsync("/api/identity/tokens", new { phone, password });
        tokens.EnsureSuccessStatusCode();
        return (userId, (await tokens.Content.ReadFromJsonAsync<TokenPair>())!, phone);
    }

    /// <summary>A new token pair from a refresh token; refresh re-reads roles, so a role change shows here.</summary>
    public async Task<TokenPair> RefreshAsync(string refreshToken)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/identity/tokens/refresh", new { refreshToken });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    /// <summary>A signed-up user made admin in the database (as demo data does), with an access token carrying the role.</summary>
    public async Task<(Guid AdminId, string AccessToken)> NewAdminAsync()
    {
        var (adminId, tokens, _) = await SignedUpUserAsync();
        await ScalarAsync<int>("INSERT INTO user_roles (user_id, role) VALUES (@adminId, 'admin') RETURNING 1", new { adminId });
        return (adminId, (await RefreshAsync(tokens.RefreshToken)).AccessToken);
    }

    public HttpClient CreateClient(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestInfrastructure.DeleteVirtualHostAsync(BrokerUri);
    }

    private sealed record SignUp(Guid UserId);
}
