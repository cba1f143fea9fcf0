namespace SocialCommerce.TestSupport;

/// <summary>
/// The platform as real processes on the test ports (docs/configuration.md): every service migrated by its own
/// <c>migrate</c> command and seeded by <c>demo-data</c>, then the services and the gateway. Used by the
/// end-to-end suite and the benchmarks, against the test PostgreSQL and RabbitMQ.
/// </summary>
public sealed class LocalPlatform : IAsyncDisposable
{
    public const string IdentityProject = "services/identity/SocialCommerce.Identity";
    public const string CatalogProject = "services/catalog/SocialCommerce.Catalog";
    public const string ModerationProject = "services/moderation/SocialCommerce.Moderation";
    public const string PaymentAdapterProject = "services/payment-adapter/SocialCommerce.PaymentAdapter";
    public const string OrderProject = "services/order/SocialCommerce.Order";
    public const string ReferralProject = "services/referral-commission/SocialCommerce.ReferralCommission";
    public const string SocialProject = "services/social/SocialCommerce.Social";
    public const string RecommendationProject = "services/recommendation/SocialCommerce.Recommendation";
    public const string SandboxProviderProject = "deploy/sandbox-provider/SocialCommerce.SandboxProvider";
    public const string GatewayProject = "gateway/SocialCommerce.Gateway";
    public const string WebProject = "web/SocialCommerce.Web";

    private readonly List<ServiceProcess> running = [];
    private IReadOnlyDictionary<string, string> settings = new Dictionary<string, string>();
    private readonly SemaphoreSlim orderRestart = new(1, 1);

    private LocalPlatform(string identityDatabase, string brokerUri)
    {
        IdentityDatabase = identityDatabase;
        BrokerUri = brokerUri;
    }

    public static int Offset => TestInfrastructure.PortOffset;
    public static string IdentityUrl => $"http://127.0.0.1:{5100 + Offset}";
    public static string IdentityGrpcUrl => $"http://127.0.0.1:{5101 + Offset}";
    public static string CatalogUrl => $"http://127.0.0.1:{5110 + Offset}";
    public static string CatalogGrpcUrl => $"http://127.0.0.1:{5111 + Offset}";
    public static string ModerationUrl => $"http://127.0.0.1:{5120 + Offset}";
    public static string PaymentAdapterUrl => $"http://127.0.0.1:{5130 + Offset}";
    public static string PaymentAdapterGrpcUrl => $"http://127.0.0.1:{5131 + Offset}";
    public static string SandboxProviderUrl => $"http://127.0.0.1:{5140 + Offset}";
    public static string OrderUrl => $"http://127.0.0.1:{5150 + Offset}";
    public static string OrderGrpcUrl => $"http://127.0.0.1:{5151 + Offset}";
    public static string ReferralUrl => $"http://127.0.0.1:{5160 + Offset}";
    public static string SocialUrl => $"http://127.0.0.1:{5170 + Offset}";
    public static string RecommendationUrl => $"http://127.0.0.1:{5190 + Offset}";
    public static string WebUrl => $"http://127.0.0.1:{5180 + Offset}";
    public static string GatewayUrl => $"http://127.0.0.1:{8080 + Offset}";
    /// <summary>Where the gateway answers <c>/metrics</c>: its own port, never the public one.</summary>
    public static string GatewayMetricsUrl => $"http://127.0.0.1:{GatewayMetricsPort(8080 + Offset)}";

    public string IdentityDatabase { get; }
    public string CatalogDatabase { get; } = TestInfrastructure.NewDatabase("e2e_catalog");
    public string ModerationDatabase { get; } = TestInfrastructure.NewDatabase("e2e_moderation");
    public string PaymentDatabase { get; } = TestInfrastructure.NewDatabase("e2e_payment");
    public string OrderDatabase { get; } = TestInfrastructure.NewDatabase("e2e_order");
    public string ReferralDatabase { get; } = TestInfrastructure.NewDatabase("e2e_referral");
    public string SocialDatabase { get; } = TestInfrastructure.NewDatabase("e2e_social");
    public string RecommendationDatabase { get; } = TestInfrastructure.NewDatabase("e2e_recommendation");
    public string BrokerUri { get; }

    /// <summary>The running order service; <see cref="RestartOrderAsync"/> replaces it.</summary>
    public ServiceProcess Order { get; private set; } = null!;

    /// <param name="settings">Settings every service gets over the suite's own: the suite runs background work every second
    /// or faster so a test sees its effect at once, and a benchmark may want the deployed cadences instead.</param>
    public static async Task<LocalPlatform> StartAsync(int authPerIpPerMinute, int perUserPerSecond, IReadOnlyDictionary<string, string>? settings = null)
    {
        var platform = new LocalPlatform(TestInfrastructure.NewDatabase("e2e_identity"), await TestInfrastructure.NewVirtualHostAsync("e2e"))
        {
            settings = settings ?? new Dictionary<string, string>(),
        };
        var identityEnvironment = platform.Tuned(platform.IdentityEnvironment());
        await ServiceProcess.RunCommandAsync(IdentityProject, "migrate", identityEnvironment);
        await ServiceProcess.RunCommandAsync(IdentityProject, "demo-data", identityEnvironment);

        var catalogEnvironment = platform.Tuned(platform.CatalogEnvironment());
        await ServiceProcess.RunCommandAsync(CatalogProject, "migrate", catalogEnvironment);
        await ServiceProcess.RunCommandAsync(CatalogProject, "demo-data", catalogEnvironment);

        var moderationEnvironment = platform.Tuned(platform.ModerationEnvironment());
        await ServiceProcess.RunCommandAsync(ModerationProject, "migrate", moderationEnvironment);
        var paymentEnvironment = platform.Tuned(platform.PaymentAdapterEnvironment());
        await ServiceProcess.RunCommandAsync(PaymentAdapterProject, "migrate", paymentEnvironment);
        var orderEnvironment = platform.Tuned(platform.OrderEnvironment());
        await ServiceProcess.RunCommandAsync(OrderProject, "migrate", orderEnvironment);
        var referralEnvironment = platform.Tuned(platform.ReferralEnvironment());
        await ServiceProcess.RunCommandAsync(ReferralProject, "migrate", referralEnvironment);
        var socialEnvironment = platform.Tuned(platform.SocialEnvironment());
        await ServiceProcess.RunCommandAsync(SocialProject, "migrate", socialEnvironment);
        var recommendationEnvironment = platform.Tuned(platform.RecommendationEnvironment());
        await ServiceProcess.RunCommandAsync(RecommendationProject, "migrate", recommendationEnvironment);

        // Recommendation learns products only from catalog's ProductListed: its queues are bound before catalog starts
        // relaying the listings its demo data queued, as `./build.sh up` runs demo data once every service is ready.
        var recommendation = ServiceProcess.Start(RecommendationProject, recommendationEnvironment);
        platform.running.Add(recommendation);
        await recommendation.WaitHealthyAsync(RecommendationUrl, TimeSpan.FromSeconds(60));

        var identity = ServiceProcess.Start(IdentityProject, identityEnvironment);
        platform.running.Add(identity);
        var catalog = ServiceProcess.Start(CatalogProject, catalogEnvironment);
        platform.running.Add(catalog);
        var moderation = ServiceProcess.Start(ModerationProject, moderationEnvironment);
        platform.running.Add(moderation);
        var sandbox = ServiceProcess.Start(SandboxProviderProject, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__Http__Url"] = SandboxProviderUrl,
            ["Sandbox__PublicUrl"] = SandboxProviderUrl,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        platform.running.Add(sandbox);
        var payment = ServiceProcess.Start(PaymentAdapterProject, paymentEnvironment);
        platform.running.Add(payment);
        platform.Order = ServiceProcess.Start(OrderProject, orderEnvironment);
        platform.running.Add(platform.Order);
        var referral = ServiceProcess.Start(ReferralProject, referralEnvironment);
        platform.running.Add(referral);
        var social = ServiceProcess.Start(SocialProject, socialEnvironment);
        platform.running.Add(social);
        var web = ServiceProcess.Start(WebProject, WebEnvironment());
        platform.running.Add(web);
        await identity.WaitHealthyAsync(IdentityUrl, TimeSpan.FromSeconds(60));
        await catalog.WaitHealthyAsync(CatalogUrl, TimeSpan.FromSeconds(60));
        await moderation.WaitHealthyAsync(ModerationUrl, TimeSpan.FromSeconds(60));
        await sandbox.WaitHealthyAsync(SandboxProviderUrl, TimeSpan.FromSeconds(60));
        await payment.WaitHealthyAsync(PaymentAdapterUrl, TimeSpan.FromSeconds(60));
        await platform.Order.WaitHealthyAsync(OrderUrl, TimeSpan.FromSeconds(60));
        await referral.WaitHealthyAsync(ReferralUrl, TimeSpan.FromSeconds(60));
        await social.WaitHealthyAsync(SocialUrl, TimeSpan.FromSeconds(60));
        await web.WaitHealthyAsync(WebUrl, TimeSpan.FromSeconds(60));
        // Order's demo orders are priced by catalog's quote, so it runs once catalog answers, as `./build.sh up` does.
        await ServiceProcess.RunCommandAsync(OrderProject, "demo-data", orderEnvironment);
        await platform.StartGatewayAsync(8080 + Offset, authPerIpPerMinute, perUserPerSecond);
        return platform;
    }

    /// <summary>The gateway's metrics port, nine above its public one (8089 beside 8080, as <c>./build.sh up</c> runs it).</summary>
    public static int GatewayMetricsPort(int gatewayPort) => gatewayPort + 9;

    /// <summary>A gateway with its own limits; extra ones let a test exhaust a limit without starving the others.</summary>
    public async Task<ServiceProcess> StartGatewayAsync(
        int port, int authPerIpPerMinute, int perUserPerSecond, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}",
            ["Kestrel__Endpoints__Metrics__Url"] = $"http://127.0.0.1:{GatewayMetricsPort(port)}",
            ["Auth__Authority"] = IdentityUrl,
            ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = IdentityUrl,
            ["ReverseProxy__Clusters__catalog__Destinations__primary__Address"] = CatalogUrl,
            ["ReverseProxy__Clusters__moderation__Destinations__primary__Address"] = ModerationUrl,
            ["ReverseProxy__Clusters__payment-adapter__Destinations__primary__Address"] = PaymentAdapterUrl,
            ["ReverseProxy__Clusters__order__Destinations__primary__Address"] = OrderUrl,
            ["ReverseProxy__Clusters__referral-commission__Destinations__primary__Address"] = ReferralUrl,
            ["ReverseProxy__Clusters__social__Destinations__primary__Address"] = SocialUrl,
            ["ReverseProxy__Clusters__recommendation__Destinations__primary__Address"] = RecommendationUrl,
            ["ReverseProxy__Clusters__web__Destinations__primary__Address"] = WebUrl,
            ["Gateway__RateLimits__AuthPerIpPerMinute"] = authPerIpPerMinute.ToString(),
            ["Gateway__RateLimits__PerUserPerSecond"] = perUserPerSecond.ToString(),
            ["Gateway__RateLimits__PerUserBurst"] = (perUserPerSecond * 5).ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var gateway = ServiceProcess.Start(GatewayProject, environment);
        running.Add(gateway);
        await gateway.WaitHealthyAsync($"http://127.0.0.1:{port}", TimeSpan.FromSeconds(60));
        return gateway;
    }

    /// <summary>A second web client on <paramref name="port"/> with its own settings, calling the suite's gateway; stopped with the platform.</summary>
    public async Task<ServiceProcess> StartWebAsync(int port, IReadOnlyDictionary<string, string> settings)
    {
        var environment = WebEnvironment();
        environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}";
        environment["Kestrel__Endpoints__Metrics__Url"] = $"http://127.0.0.1:{port + 9}";
        foreach (var (key, value) in settings) environment[key] = value;
        var web = ServiceProcess.Start(WebProject, environment);
        running.Add(web);
        await web.WaitHealthyAsync($"http://127.0.0.1:{port}", TimeSpan.FromSeconds(60));
        return web;
    }

    /// <summary>
    /// Replaces the order service with a fresh process on the same ports, database and broker, plus
    /// <paramref name="extraSettings"/>, and waits until it is ready. The current process is stopped first if it
    /// still runs (a fault test may already have killed it with <see cref="ServiceProcess.Kill"/>).
    /// </summary>
    public async Task RestartOrderAsync(IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        await orderRestart.WaitAsync();
        try
        {
            var previous = Order;
            await previous.DisposeAsync();
            running.Remove(previous);

            var environment = Tuned(OrderEnvironment());
            foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>()) environment[key] = value;
            Order = ServiceProcess.Start(OrderProject, environment);
            running.Add(Order);
            await Order.WaitHealthyAsync(OrderUrl, TimeSpan.FromSeconds(60));
        }
        finally
        {
            orderRestart.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in running) await process.DisposeAsync();
        orderRestart.Dispose();
        await TestInfrastructure.DeleteVirtualHostAsync(BrokerUri);
    }

    // Listings go through the moderation service, as on a laptop with `./build.sh up`.
    private Dictionary<string, string> Tuned(Dictionary<string, string> environment)
    {
        foreach (var (key, value) in settings) environment[key] = value;
        return environment;
    }

    private Dictionary<string, string> CatalogEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = CatalogUrl,
        ["Kestrel__Endpoints__Grpc__Url"] = CatalogGrpcUrl,
        ["ConnectionStrings__Database"] = CatalogDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private Dictionary<string, string> ModerationEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = ModerationUrl,
        ["ConnectionStrings__Database"] = ModerationDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private Dictionary<string, string> PaymentAdapterEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = PaymentAdapterUrl,
        ["Kestrel__Endpoints__Grpc__Url"] = PaymentAdapterGrpcUrl,
        ["ConnectionStrings__Database"] = PaymentDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Payment__Sandbox__BaseUrl"] = SandboxProviderUrl,
        ["Payment__Sandbox__NotifyUrl"] = GatewayUrl + "/api/payment/webhooks/sandbox",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    // Share links point at the gateway.
    private Dictionary<string, string> ReferralEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = ReferralUrl,
        ["ConnectionStrings__Database"] = ReferralDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Referral__PublicUrl"] = GatewayUrl,
        ["Referral__SettleInterval"] = "00:00:01",
        ["Referral__PayoutRetryInterval"] = "00:00:01",
        ["Referral__PayoutTimeout"] = "00:00:03",
        // Withdrawals are paid out through the adapter's Payouts service.
        ["Services__payment-adapter__Grpc"] = PaymentAdapterGrpcUrl,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    // Orders reserve stock at catalog and take payments at the adapter, both over gRPC.
    private Dictionary<string, string> OrderEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = OrderUrl,
        ["Kestrel__Endpoints__Grpc__Url"] = OrderGrpcUrl,
        ["ConnectionStrings__Database"] = OrderDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Services__catalog__Grpc"] = CatalogGrpcUrl,
        ["Services__payment-adapter__Grpc"] = PaymentAdapterGrpcUrl,
        ["Order__Carrier__WebhookSecret"] = "carrier-webhook-secret-dev",
        ["Order__PublicUrl"] = GatewayUrl,
        // Owed calls and timers every second, so journeys do not wait on the 5 s production cadence.
        ["Order__SweepInterval"] = "00:00:01",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    // Nicknames from identity, product cards from catalog and purchases (for reviews) from order, over gRPC; trimming every second so a test sees it.
    private Dictionary<string, string> SocialEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = SocialUrl,
        ["ConnectionStrings__Database"] = SocialDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Services__identity__Grpc"] = IdentityGrpcUrl,
        ["Services__catalog__Grpc"] = CatalogGrpcUrl,
        ["Services__order__Grpc"] = OrderGrpcUrl,
        ["Social__TrimIntervalSeconds"] = "1",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Runs one of recommendation's offline commands (train, evaluate) against the suite's database, with extra settings.</summary>
    public Task RunRecommendationCommandAsync(string command, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = Tuned(RecommendationEnvironment());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        return ServiceProcess.RunCommandAsync(RecommendationProject, command, environment);
    }

    // Models recomputed every second, trending never cached and shoppers re-read five times a second, so a test sees a
    // purchase in the lists at once.
    private Dictionary<string, string> RecommendationEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = RecommendationUrl,
        ["ConnectionStrings__Database"] = RecommendationDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Recommendation__ModelIntervalSeconds"] = "1",
        ["Recommendation__TrendingCacheSeconds"] = "0",
        ["Recommendation__PersonalRefreshMilliseconds"] = "200",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    // The web client calls the API through the suite's gateway and keeps its cookie keys in memory (one process).
    private static Dictionary<string, string> WebEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = WebUrl,
        ["Kestrel__Endpoints__Metrics__Url"] = $"http://127.0.0.1:{5189 + Offset}",
        ["Auth__Authority"] = IdentityUrl,
        ["Web__ApiUrl"] = GatewayUrl,
        ["Web__PublicUrl"] = GatewayUrl,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private Dictionary<string, string> IdentityEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = IdentityUrl,
        ["Kestrel__Endpoints__Grpc__Url"] = IdentityGrpcUrl,
        ["ConnectionStrings__Database"] = IdentityDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Identity__Issuer"] = IdentityUrl,
        ["Identity__ExportParts__order"] = OrderUrl + "/api/order/me/export",
        ["Identity__ExportParts__payment"] = PaymentAdapterUrl + "/api/payment/me/export",
        ["Identity__ExportParts__referral"] = ReferralUrl + "/api/referral/me/export",
        ["Identity__ExportParts__moderation"] = ModerationUrl + "/api/moderation/me/export",
        ["Identity__ExportParts__social"] = SocialUrl + "/api/social/me/export",
        ["Identity__ExportParts__recommendation"] = RecommendationUrl + "/api/recommendation/me/export",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
