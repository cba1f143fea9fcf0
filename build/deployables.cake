// Every deployable the local platform runs, with its ports (docs/configuration.md) and the environment
// it gets. A new service adds one line here, one cluster in gateway/appsettings.json and its chart values.
// BehindGateway: a deployable the gateway routes to; the sandbox payment provider plays a third party instead.
// HasApiDocument: a service with a public API described at /openapi/<name>.json (the web client has none).
public sealed record Deployable(string Name, string Project, int HttpPort, int? GrpcPort, string Database, bool HasDemoData = false, bool BehindGateway = true, bool HasApiDocument = true)
{
    // Project is "services/identity/SocialCommerce.Identity": the project folder, then the assembly name.
    public string Dll(string configuration) =>
        $"{System.IO.Path.GetDirectoryName(Project)}/bin/{configuration}/net10.0/{System.IO.Path.GetFileName(Project)}.dll";
}

public sealed record InfraInstance(string DataDir, int PostgresPort, int AmqpPort, int DistPort, string Node, int PortOffset, bool Fast);

public static class Deployables
{
    public static readonly Deployable Identity = new("identity", "services/identity/SocialCommerce.Identity", 5100, 5101, "identity", HasDemoData: true);
    public static readonly Deployable Catalog = new("catalog", "services/catalog/SocialCommerce.Catalog", 5110, 5111, "catalog", HasDemoData: true);
    public static readonly Deployable Moderation = new("moderation", "services/moderation/SocialCommerce.Moderation", 5120, null, "moderation");
    public static readonly Deployable PaymentAdapter = new("payment-adapter", "services/payment-adapter/SocialCommerce.PaymentAdapter", 5130, 5131, "payment_adapter");
    public static readonly Deployable SandboxProvider = new("sandbox-provider", "deploy/sandbox-provider/SocialCommerce.SandboxProvider", 5140, null, null, BehindGateway: false);
    // Database "orders", not "order": ORDER is a reserved word in SQL (`CREATE DATABASE order;` fails).
    public static readonly Deployable Order = new("order", "services/order/SocialCommerce.Order", 5150, 5151, "orders", HasDemoData: true);
    public static readonly Deployable ReferralCommission = new("referral-commission", "services/referral-commission/SocialCommerce.ReferralCommission", 5160, null, "referral_commission", HasDemoData: true);
    public static readonly Deployable Social = new("social", "services/social/SocialCommerce.Social", 5170, null, "social", HasDemoData: true);
    // Learns only from events (no gRPC in or out), so it needs nobody's address but identity's for tokens.
    public static readonly Deployable Recommendation = new("recommendation", "services/recommendation/SocialCommerce.Recommendation", 5190, null, "recommendation", HasDemoData: true);
    // The web client: pages at every path the services do not claim, calling the API through the gateway.
    public static readonly Deployable Web = new("web", "web/SocialCommerce.Web", 5180, null, null, HasApiDocument: false);
    public static readonly Deployable Gateway = new("gateway", "gateway/SocialCommerce.Gateway", 8080, null, null, HasApiDocument: false);

    // Start order: services first, the gateway last. Demo data runs in this order too (catalog's shops belong to
    // identity's demo merchants; social's posts and reviews need identity's users and catalog's products, and come after order;
    // recommendation copies order's demo purchases).
    public static readonly Deployable[] All = { Identity, Catalog, Moderation, SandboxProvider, PaymentAdapter, Order, ReferralCommission, Social, Recommendation, Web, Gateway };

    public const int GatewayMetricsPort = 8089;
    public const int WebMetricsPort = 5189;

    public static string Url(int port) => $"http://127.0.0.1:{port}";

    public static Dictionary<string, string> Environment(Deployable deployable, InfraInstance infra, string environment)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Kestrel__Endpoints__Http__Url"] = Url(deployable.HttpPort + infra.PortOffset),
            ["Auth__Authority"] = Url(Identity.HttpPort + infra.PortOffset),
            ["Auth__RequireHttpsMetadata"] = "false",
        };
        if (deployable.GrpcPort is int grpc) env["Kestrel__Endpoints__Grpc__Url"] = Url(grpc + infra.PortOffset);
        if (deployable.Database != null)
        {
            env["ConnectionStrings__Database"] = $"Host=127.0.0.1;Port={infra.PostgresPort};Database={deployable.Database};Username=postgres";
            env["ConnectionStrings__RabbitMq"] = $"amqp://guest:guest@127.0.0.1:{infra.AmqpPort}/";
        }

        // The gateway and the web client (whose pages take every path the gateway passes on) keep /metrics off their public port.
        if (deployable == Gateway) env["Kestrel__Endpoints__Metrics__Url"] = Url(GatewayMetricsPort + infra.PortOffset);
        if (deployable == Web)
        {
            env["Kestrel__Endpoints__Metrics__Url"] = Url(WebMetricsPort + infra.PortOffset);
            env["Web__ApiUrl"] = Url(Gateway.HttpPort + infra.PortOffset);
            // The session cookie's keys survive a restart, so ./build.sh down and up keep shoppers signed in.
            env["Web__KeysDirectory"] = System.IO.Path.GetFullPath($"{infra.DataDir}/web-keys");
        }
        if (deployable == Identity)
        {
            env["Identity__Issuer"] = Url(Identity.HttpPort + infra.PortOffset);
            // The other services' parts of a person's data export.
            env["Identity__ExportParts__order"] = Url(Order.HttpPort + infra.PortOffset) + "/api/order/me/export";
            env["Identity__ExportParts__payment"] = Url(PaymentAdapter.HttpPort + infra.PortOffset) + "/api/payment/me/export";
            env["Identity__ExportParts__referral"] = Url(ReferralCommission.HttpPort + infra.PortOffset) + "/api/referral/me/export";
            env["Identity__ExportParts__moderation"] = Url(Moderation.HttpPort + infra.PortOffset) + "/api/moderation/me/export";
            env["Identity__ExportParts__social"] = Url(Social.HttpPort + infra.PortOffset) + "/api/social/me/export";
            env["Identity__ExportParts__recommendation"] = Url(Recommendation.HttpPort + infra.PortOffset) + "/api/recommendation/me/export";
        }
        if (deployable == SandboxProvider) env["Sandbox__PublicUrl"] = Url(SandboxProvider.HttpPort + infra.PortOffset);
        if (deployable == PaymentAdapter)
        {
            env["Payment__Sandbox__BaseUrl"] = Url(SandboxProvider.HttpPort + infra.PortOffset);
            // Callbacks come in through the gateway, as a real provider's would.
            env["Payment__Sandbox__NotifyUrl"] = Url(Gateway.HttpPort + infra.PortOffset) + "/api/payment/webhooks/sandbox";
        }
        // Share links (/s/{code}) point at the gateway.
        if (deployable == ReferralCommission)
        {
            env["Referral__PublicUrl"] = Url(Gateway.HttpPort + infra.PortOffset);
            // Withdrawals are paid out through the adapter's Payouts service.
            env["Services__payment-adapter__Grpc"] = Url(PaymentAdapter.GrpcPort!.Value + infra.PortOffset);
        }
        if (deployable == Order)
        {
            // Stock reservations at catalog and payments at the adapter, both over gRPC.
            env["Services__catalog__Grpc"] = Url(Catalog.GrpcPort!.Value + infra.PortOffset);
            env["Services__payment-adapter__Grpc"] = Url(PaymentAdapter.GrpcPort!.Value + infra.PortOffset);
            // Share links (a group-buy team's) point at the gateway.
            env["Order__PublicUrl"] = Url(Gateway.HttpPort + infra.PortOffset);
        }
        if (deployable == Social)
        {
            // Nicknames and avatars from identity's UserDirectory, products and shop names from catalog's ProductDirectory.
            env["Services__identity__Grpc"] = Url(Identity.GrpcPort!.Value + infra.PortOffset);
            env["Services__catalog__Grpc"] = Url(Catalog.GrpcPort!.Value + infra.PortOffset);
        }
        if (deployable == Gateway)
        {
            foreach (var service in All.Where(d => d != Gateway && d.BehindGateway))
            {
                env[$"ReverseProxy__Clusters__{service.Name}__Destinations__primary__Address"] = Url(service.HttpPort + infra.PortOffset);
            }
        }

        return env;
    }
}
