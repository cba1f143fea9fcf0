namespace SocialCommerce.Deployment.Tests;

/// <summary>Each deployable's image must listen where the chart probes and start the assembly its project builds.</summary>
public sealed class DockerfileTests
{
    private static IEnumerable<string> Services() => Chart.ServiceNames();

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Expose_MatchesChartPorts(string service)
    {
        var values = Chart.Service(service);
        Assert.That(Dockerfile.Of(service).ExposedPorts, Is.EquivalentTo(new[] { values.HttpPort, values.GrpcPort }.OfType<int>()));
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Entrypoint_StartsProjectAssembly(string service)
    {
        Assert.That(Dockerfile.Of(service).Entrypoint, Is.EqualTo(new[] { "dotnet", Project.AssemblyName(service) + ".dll" }));
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_FinalStage_RunsAsTheChartsNonRootUser(string service)
    {
        // $APP_UID is 1654 in the .NET runtime images; the chart's runAsUser and runAsNonRoot rely on it.
        Assert.That(Dockerfile.Of(service).User, Is.EqualTo("$APP_UID"));
        Assert.That(File.ReadAllText(Path.Combine(Chart.Folder, "templates", "_helpers.tpl")), Does.Contain("runAsUser: 1654"));
    }
}
