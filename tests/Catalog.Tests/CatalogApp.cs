using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Catalog.Tests;

/// <summary>
/// The catalog service in-process: its whole pipeline against real PostgreSQL and RabbitMQ, with a database and
/// virtual host of its own. Tokens come from <see cref="TestTokens"/>; the end-to-end suite runs catalog as a
/// real process behind the gateway with identity's tokens.
/// </summary>
public sealed class CatalogApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> settings;

    private CatalogApp(string connectionString, string brokerUri, Dictionary<string, string> settings)
    {
        ConnectionString = connectionString;
        BrokerUri = brokerUri;
        this.settings = settings;
    }

    public string ConnectionString { get; }
    public string BrokerUri { get; }
    public TestTokens Tokens { get; } = new();

    /// <param name="settings">Extra configuration, e.g. <c>Catalog:AutoApproveListings</c>.</param>
    public static async Task<CatalogApp> StartAsync(Dictionary<string, string>? settings = null)
    {
        var connectionString = TestInfrastructure.NewDatabase("cattest");
        new DatabaseMigrator(connectionString, typeof(Program).Assembly).Migrate();
        var app = new CatalogApp(connectionString, await TestInfrastructure.NewVirtualHostAsync("cattest"), settings ?? []);
        app.CreateClient().Dispose();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTestPlatform(ConnectionString, BrokerUri, Tokens);
        builder.UseSetting("Catalog:AutoApproveListings", "false");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public HttpClient CreateClient(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>A merchant with an open shop (as MerchantApproved would open it) and a client carrying their token.</summary>
    public async Task<(Guid MerchantId, Guid ShopId, HttpClient Client)> NewMerchantAsync(string shopName = "测试小店")
    {
        var merchantId = Guid.CreateVersion7();
        var shopId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync(
            "INSERT INTO shops (id, merchant_id, application_id, name) VALUES (@shopId, @merchantId, @applicationId, @shopName)",
            new { shopId, merchantId, applicationId = Guid.CreateVersion7(), shopName });
        return (merchantId, shopId, CreateClient(Tokens.For(merchantId, "merchant")));
    }

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync(sql, args);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    public async Task<T> QuerySingleAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.QuerySingleAsync<T>(sql, args);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestInfrastructure.DeleteVirtualHostAsync(BrokerUri);
    }
}
