using System.Text;
using System.Text.Json;
using Grpc.Net.Client;
using RabbitMQ.Client;
using SocialCommerce.Contracts.Identity.V1;
using SocialCommerce.TestSupport;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>The service's other doors: events it publishes to RabbitMQ, and its gRPC API over HTTP/2.</summary>
public sealed class EventsAndGrpcTests
{
    [Test]
    public async Task SignUp_ThroughGateway_UserRegisteredReachesBroker()
    {
        var broker = new Uri(Platform.BrokerUri);
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // MassTransit's exchange for the event type: fanout, durable, named after the contract.
        const string exchange = "SocialCommerce.Contracts.Events.Identity:UserRegistered";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");

        var userId = await GatewayClient.SignUpAsync(GatewayClient.NewPhone());

        var delivered = await Eventually.WaitForAsync(() => channel.BasicGetAsync(queue, autoAck: true), result => result is not null);
        Assert.That(delivered, Is.Not.Null, "the outbox relay must publish UserRegistered");
        var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivered!.Body.Span)).RootElement;
        Assert.That(envelope.GetProperty("message").GetProperty("userId").GetGuid(), Is.EqualTo(userId));
    }

    [Test]
    public async Task GetUsers_OverRealHttp2_ReturnsNicknames()
    {
        var first = await GatewayClient.SignUpAsync(GatewayClient.NewPhone(), nickname: "甲");
        var second = await GatewayClient.SignUpAsync(GatewayClient.NewPhone(), nickname: "乙");
        using var identity = new HttpClient { BaseAddress = new Uri(Platform.IdentityUrl) };
        var token = await ServiceCallers.TokenAsync(identity, "social");
        using var channel = GrpcChannel.ForAddress(Platform.IdentityGrpcUrl,
            new GrpcChannelOptions { HttpHandler = TestTokens.Bearer(token, new SocketsHttpHandler()) });
        var client = new UserDirectory.UserDirectoryClient(channel);
        var request = new GetUsersRequest();
        request.UserIds.AddRange([first.ToString(), second.ToString()]);

        var response = await client.GetUsersAsync(request);

        Assert.That(response.Users.Select(u => u.Nickname), Is.EquivalentTo(new[] { "甲", "乙" }));
    }
}
