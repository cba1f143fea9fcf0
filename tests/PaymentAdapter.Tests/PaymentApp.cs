using System.Net.Http.Headers;
using Dapper;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;
using PayoutsClient = SocialCommerce.Contracts.Payment.V1.Payouts.PayoutsClient;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>
/// The payment adapter in-process on real Kestrel ports (the sandbox must reach its webhook over HTTP), against real
/// PostgreSQL, RabbitMQ and the sandbox provider process. gRPC as order calls it; HTTP as payers and the provider do.
/// </summary>
public sealed class PaymentApp : WebApplicationFactory<Program>
{
    private readonly int httpPort = SandboxProcess.FreePort();
    private readonly int grpcPort = SandboxProcess.FreePort();
    private readonly Dictionary<string, string> settings;
    private readonly List<GrpcChannel> channels = [];
    private GrpcChannel? orderChannel;
    private GrpcChannel? referralChannel;

    private PaymentApp(string connectionString, string brokerUri, SandboxProcess sandbox, Dictionary<string, string> settings)
    {
        ConnectionString = connectionString;
        BrokerUri = brokerUri;
        Sandbox = sandbox;
        this.settings = settings;
        UseKestrel();
    }

    public string ConnectionString { get; }
    public string BrokerUri { get; }
    public SandboxProcess Sandbox { get; }
    public TestTokens Tokens { get; } = new();
    public string HttpUrl => $"http://127.0.0.1:{httpPort}";
    public string WebhookUrl => $"{HttpUrl}/api/payment/webhooks/sandbox";

    public string GrpcUrl => $"http://127.0.0.1:{grpcPort}";

    /// <summary>Payments as order calls them, with order's service token.</summary>
    public PaymentsClient Payments => new(orderChannel ??= NewChannel(Tokens.ForService("order")));

    /// <summary>Payouts as referral-commission calls them, with its service token.</summary>
    public PayoutsClient Payouts => new(referralChannel ??= NewChannel(Tokens.ForService("referral-commission")));

    /// <summary>A channel to the gRPC port that calls with the given bearer token, or with none.</summary>
    public GrpcChannel NewChannel(string? bearer)
    {
        var handler = new SocketsHttpHandler();
        var channel = GrpcChannel.ForAddress(GrpcUrl, new GrpcChannelOptions { HttpHandler = bearer is null ? handler : TestTokens.Bearer(bearer, handler) });
        lock (channels) channels.Add(channel);
        return channel;
    }

    public static async Task<PaymentApp> StartAsync(Dictionary<string, string>? settings = null)
    {
        var connectionString = TestInfrastructure.NewDatabase("paytest");
        new DatabaseMigrator(connectionString, typeof(Program).Assembly).Migrate();
        var sandbox = await SandboxProcess.StartAsync();
        var app = new PaymentApp(connectionString, await TestInfrastructure.NewVirtualHostAsync("paytest"), sandbox, settings ?? []);
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTestPlatform(ConnectionString, BrokerUri, Tokens);
        builder.UseSetting("Kestrel:Endpoints:Http:Url", HttpUrl);
        builder.UseSetting("Kestrel:Endpoints:Grpc:Url", $"http://127.0.0.1:{grpcPort}");
        builder.UseSetting("Payment:Sandbox:BaseUrl", Sandbox.Url);
        builder.UseSetting("Payment:Sandbox:NotifyUrl", WebhookUrl);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public HttpClient Http(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(HttpUrl) };
        if (accessToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

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

    /// <summary>How many outbox rows of an event type name this payment.</summary>
    public Task<long> EventsAsync(string eventType, Guid paymentId) =>
        ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND body->>'paymentId' = @id",
            new { type = $"%.{eventType},%", id = paymentId.ToString() });

    public override async ValueTask DisposeAsync()
    {
        foreach (var channel in channels) channel.Dispose();
        await base.DisposeAsync();
        await Sandbox.DisposeAsync();
        await TestInfrastructure.DeleteVirtualHostAsync(BrokerUri);
    }
}
