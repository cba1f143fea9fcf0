using System.Net.Http.Headers;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Moderation.Tests;

/// <summary>
/// The moderation service in-process against real PostgreSQL and RabbitMQ, with a database and virtual host of its
/// own. Tokens come from <see cref="TestTokens"/>. A second app on the same database is a second replica.
/// </summary>
public sealed class ModerationApp : WebApplicationFactory<Program>
{
    private readonly bool ownsVirtualHost;

    private ModerationApp(string connectionString, string brokerUri, bool ownsVirtualHost)
    {
        ConnectionString = connectionString;
        BrokerUri = brokerUri;
        this.ownsVirtualHost = ownsVirtualHost;
    }

    public string ConnectionString { get; }
    public string BrokerUri { get; }
    public TestTokens Tokens { get; } = new();

    public static async Task<ModerationApp> StartAsync()
    {
        var connectionString = TestInfrastructure.NewDatabase("modtest");
        new DatabaseMigrator(connectionString, typeof(Program).Assembly).Migrate();
        return await StartAsync(connectionString, await TestInfrastructure.NewVirtualHostAsync("modtest"), ownsVirtualHost: true);
    }

    /// <summary>Another instance on the same database and virtual host; the first app deletes the virtual host.</summary>
    public static Task<ModerationApp> StartReplicaAsync(string connectionString, string brokerUri) =>
        StartAsync(connectionString, brokerUri, ownsVirtualHost: false);

    private static async Task<ModerationApp> StartAsync(string connectionString, string brokerUri, bool ownsVirtualHost)
    {
        var app = new ModerationApp(connectionString, brokerUri, ownsVirtualHost);
        app.CreateClient().Dispose();
        await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTestPlatform(ConnectionString, BrokerUri, Tokens);
    }

    public HttpClient CreateClient(Guid userId, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(userId, roles));
        return client;
    }

    public HttpClient NewModerator() => CreateClient(Guid.CreateVersion7(), "moderator");

    public HttpClient NewAdmin() => CreateClient(Guid.CreateVersion7(), "admin");

    public Task Publish<T>(T message, Guid? messageId = null) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? Guid.NewGuid());

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync(sql, args);
    }

    /// <summary>Bodies of the outbox rows of an event type about one content id, oldest first.</summary>
    public async Task<IReadOnlyList<string>> EventsAsync(string eventType, Guid contentId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<string>(
            """
            SELECT body::text FROM outbox_messages WHERE message_type LIKE @type AND body->>'contentId' = @id ORDER BY created_at, id
            """,
            new { type = $"%.{eventType},%", id = contentId.ToString() })).ToList();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsVirtualHost) await TestInfrastructure.DeleteVirtualHostAsync(BrokerUri);
    }
}
