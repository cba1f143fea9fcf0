namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// The one Dockerfile every image is built from: it must listen where the chart probes, start the assembly the build
/// names, pass arguments on (migrate), and run as the chart's non-root user.
/// </summary>
public sealed class DockerfileTests
{
    private static IEnumerable<string> Services() => Chart.ServiceNames();

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Expose_TheHttpPortTheChartProbes(string service)
    {
        Assert.That(Dockerfile.Root().ExposedPorts, Is.EqualTo(new[] { Chart.Service(service).HttpPort }));
    }

    [Test]
    public void Dockerfile_Entrypoint_StartsTheAssemblyNamedAtBuildAndPassesArgumentsOn()
    {
        var dockerfile = Dockerfile.Root();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dockerfile.BuildArguments, Does.Contain("ASSEMBLY"));
            Assert.That(dockerfile.Environment, Does.Contain("APP_ASSEMBLY=${ASSEMBLY}.dll"));
            // Exec form (a JSON array) through sh: "docker run <image> migrate" reaches the program as its first argument.
            Assert.That(dockerfile.Entrypoint, Is.EqualTo(new[] { "sh", "-c", "exec dotnet \"$APP_ASSEMBLY\" \"$@\"", "--" }));
        }
    }

    [Test]
    public void Dockerfile_FinalStage_RunsAsTheChartsNonRootUser()
    {
        // $APP_UID is 1654 in the .NET runtime images; the chart's runAsUser and runAsNonRoot rely on it.
        Assert.That(Dockerfile.Root().User, Is.EqualTo("$APP_UID"));
        Assert.That(File.ReadAllText(Path.Combine(Chart.Folder, "templates", "_helpers.tpl")), Does.Contain("runAsUser: 1654"));
    }
}
