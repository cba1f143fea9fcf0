using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialCommerce.ServiceDefaults.Health;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionStringName = "RabbitMq";
    public static readonly TimeSpan InboxRetention = TimeSpan.FromDays(14);

    /// <summary>
    /// MassTransit over RabbitMQ with queues named <c>{service}-{consumer}</c>, a few retries and then the
    /// <c>_error</c> queue (MassTransit's fault headers carry the exception), plus the outbox relay and inbox.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var broker = new BrokerAddress(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured."));
        var retry = builder.Configuration.GetSection("Messaging:RetryIntervalsMs").Get<int[]>() ?? [200, 1000, 5000];
        // On a RabbitMQ cluster, a quorum queue keeps every message on a majority of the nodes, so losing a node loses
        // nothing; a single node (local runs, tests) keeps classic queues. A queue's type is fixed when it is declared.
        var quorumQueues = builder.Configuration.GetValue<bool>("Messaging:QuorumQueues");

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // MassTransit otherwise reports usage to usage-tracking.masstransit.io at start: a platform holding shoppers' data
            // makes no calls to third parties it was not built to make.
            bus.DisableUsageTelemetry();
            configure?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(r => r.Intervals(retry));
                if (quorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint) rabbitEndpoint.SetQuorumQueue();
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                    host.PublisherConfirmation = true;
                });
                rabbit.ConfigureEndpoints(context);
            });
        });

        // MassTransit registers its bus health check; readiness should include it.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = false);
        builder.Services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name.StartsWith("masstransit", StringComparison.Ordinal)))
            {
                registration.Tags.Add(HealthExtensions.ReadyTag);
            }
        });

        builder.Services.AddOptions<OutboxRelayOptions>().Bind(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxRelay>());
        // The crash tests' kill switch (Faults:KillBeforeCommit = a consumer's name) lives here, not in any consumer, and a stray
        // setting outside Development is ignored.
        var killBeforeCommit = builder.Environment.IsDevelopment() ? builder.Configuration["Faults:KillBeforeCommit"] : null;
        builder.Services.AddSingleton(services => new Inbox(
            services.GetRequiredService<NpgsqlDataSource>(), killBeforeCommit, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        // Its duplicates counter is on /metrics (at zero) before the first message arrives.
        builder.Services.CreateAtStart<Inbox>();
        // A redelivery comes within minutes (an outbox lease, a broker retry); two weeks of inbox rows is ample dedup.
        builder.AddRetention(new RetentionRule("inbox_messages", "processed_at", InboxRetention));
        return builder;
    }
}
