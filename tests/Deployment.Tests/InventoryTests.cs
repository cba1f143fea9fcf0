using System.Text.Json;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// Every deployable in the source tree is deployed everywhere: a service added under services/ without its
/// chart values, compose entry (with the Dockerfile's build arguments), local runner line or gateway cluster fails here, not in
/// production.
/// </summary>
public sealed class InventoryTests
{
    private static IEnumerable<string> Deployables() =>
        Directory.GetDirectories(Repository.PathOf("services"))
            .Where(directory => Directory.GetFiles(directory, "*.csproj").Length == 1)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name != "ServiceDefaults")
            .Append(Repository.Gateway)
            .Append(Repository.SandboxProvider)
            .Append(Repository.Web)
            .Order();

    private static IEnumerable<string> Services() =>
        Deployables().Where(name => name is not (Repository.Gateway or Repository.SandboxProvider or Repository.Web));

    [TestCaseSource(nameof(Deployables))]
    public void Deployable_InSourceTree_HasChartComposeDockerfileAndLocalRunner(string deployable)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Chart.ServiceNames(), Does.Contain(deployable), "charts/socialcommerce/values.yaml services");
            Assert.That(Compose.Service(deployable), Is.Not.Null, "deploy/compose/docker-compose.yml services");
            Assert.That(Compose.Service(deployable).Child("build").Child("args").Child("PROJECT_DIR").Text(),
                Is.EqualTo(Repository.RelativeProjectDirectory(deployable)), "its image is built from the Dockerfile for its project");
            Assert.That(File.ReadAllText(Repository.PathOf("build", "deployables.cake")), Does.Contain($"new(\"{deployable}\""),
                "build/deployables.cake");
        }
    }

    [TestCaseSource(nameof(Services))]
    public void Service_InSourceTree_IsAGatewayClusterAndHasADatabaseInCompose(string service)
    {
        using var gateway = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("gateway", "appsettings.json")));
        var clusters = gateway.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject().Select(c => c.Name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(clusters, Does.Contain(service), "gateway/appsettings.json ReverseProxy:Clusters");
            Assert.That(File.ReadAllText(Repository.PathOf("deploy", "compose", "postgres-init.sql")),
                Does.Contain($"CREATE DATABASE {Repository.DatabaseOf(service)};"), "deploy/compose/postgres-init.sql");
        }
    }
}
