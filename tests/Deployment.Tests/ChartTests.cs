using System.Text.RegularExpressions;

namespace SocialCommerce.Deployment.Tests;

public sealed class ChartTests
{
    private static IEnumerable<string> Services() => Chart.ServiceNames();

    [Test]
    public void ChartValues_EveryService_ProbesHealthEndpoints()
    {
        var template = Chart.Template("deployment.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(template, Does.Contain("range $name, $svc := .Values.services"), "one Deployment per service");
            Assert.That(Probe(template, "startupProbe"), Is.EqualTo("/health/live on http"));
            Assert.That(Probe(template, "livenessProbe"), Is.EqualTo("/health/live on http"));
            Assert.That(Probe(template, "readinessProbe"), Is.EqualTo("/health/ready on http"));
            Assert.That(template, Does.Match(@"- name: http\s+containerPort: \{\{ \$svc\.httpPort \}\}"));
            Assert.That(template, Does.Match(@"- name: grpc\s+containerPort: \{\{ \$svc\.grpcPort \}\}"));
            Assert.That(template, Does.Contain("prometheus.io/path: /metrics"));
            Assert.That(template, Does.Contain("prometheus.io/port: {{ $svc.metricsPort | default $svc.httpPort | quote }}"));
            Assert.That(template, Does.Match(@"- name: metrics\s+containerPort: \{\{ \$svc\.metricsPort \}\}"));
        }
    }

    [TestCaseSource(nameof(Services))]
    public void ChartValues_Ports_MatchKestrelEndpointsOfAppSettings(string service)
    {
        var values = Chart.Service(service);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(values.HttpPort, Is.Not.Null, $"services.{service}.httpPort");
            Assert.That(values.HttpPort, Is.EqualTo(Project.KestrelPort(service, "Http")),
                $"services.{service}.httpPort vs Kestrel:Endpoints:Http:Url in {service}'s appsettings.json");
            Assert.That(values.GrpcPort, Is.EqualTo(Project.KestrelPort(service, "Grpc")),
                $"services.{service}.grpcPort vs Kestrel:Endpoints:Grpc:Url in {service}'s appsettings.json");
            Assert.That(values.MetricsPort, Is.EqualTo(Project.KestrelPort(service, "Metrics")),
                $"services.{service}.metricsPort vs Kestrel:Endpoints:Metrics:Url in {service}'s appsettings.json");
        }
    }

    [Test]
    public void ChartValues_Gateway_TrustsTheIngressNetworkForClientAddresses()
    {
        // Behind the ingress every connection comes from its pods: without trusted networks, per-IP limits see one client.
        var env = Yaml.Load(Path.Combine(Chart.Folder, "values.yaml")).Child("services").Child("gateway").Child("env");
        var networks = env.Keys().Where(name => name.StartsWith("Gateway__TrustedProxies__", StringComparison.Ordinal)).ToList();
        Assert.That(networks, Is.Not.Empty, "services.gateway.env Gateway__TrustedProxies__0");
        foreach (var name in networks)
        {
            var cidr = env.Child(name).Text();
            Assert.That(System.Net.IPNetwork.TryParse(cidr, out _), Is.True, $"{name}: {cidr} is a CIDR network");
        }
    }

    [TestCaseSource(nameof(Services))]
    public void ChartValues_ServiceWithDatabase_Migrates(string service)
    {
        var values = Chart.Service(service);
        var hasDatabase = values.EnvironmentNames.Contains("ConnectionStrings__Database");
        Assert.That(values.Migrate, Is.EqualTo(hasDatabase),
            $"services.{service}.migrate must be true exactly when it sets ConnectionStrings__Database");
    }

    [Test]
    public void MigrationJobTemplate_MigratingService_RunsMigrateAsPreInstallHookWithServiceEnvironment()
    {
        var template = Chart.Template("migration-job.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(template, Does.Contain("range $name, $svc := .Values.services"));
            Assert.That(template, Does.Contain("{{- if $svc.migrate }}"));
            Assert.That(template, Does.Contain("kind: Job"));
            Assert.That(template, Does.Contain("helm.sh/hook: pre-install,pre-upgrade"));
            Assert.That(template, Does.Contain("helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded"));
            Assert.That(template, Does.Contain("args: [\"migrate\"]"));
            Assert.That(template, Does.Contain("include \"socialcommerce.image\" $ctx"), "the service's own image");
            Assert.That(template, Does.Contain("include \"socialcommerce.env\" $ctx"), "the service's environment, so it finds its database");
        }
    }

    [Test]
    public void SecretTemplate_ChartManagedSecret_ExistsBeforeMigrationJobs()
    {
        // Pre-install hooks run before ordinary resources, so a Secret the Jobs read must be an earlier hook.
        var secret = Chart.Template("secret.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(secret, Does.Contain("helm.sh/hook: pre-install,pre-upgrade"));
            Assert.That(HookWeight(secret), Is.LessThan(HookWeight(Chart.Template("migration-job.yaml"))));
        }
    }

    private static string Probe(string template, string probe)
    {
        var match = Regex.Match(template, probe + @":\s+httpGet:\s+path:\s*(\S+)\s+port:\s*(\S+)");
        return match.Success ? $"{match.Groups[1].Value} on {match.Groups[2].Value}" : $"no {probe}";
    }

    private static int HookWeight(string template)
    {
        var match = Regex.Match(template, @"helm\.sh/hook-weight:\s*""(-?\d+)""");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
