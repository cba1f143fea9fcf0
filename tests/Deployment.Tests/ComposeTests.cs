namespace SocialCommerce.Deployment.Tests;

/// <summary>deploy/compose must build and start every deployable the chart deploys, the same way.</summary>
public sealed class ComposeTests
{
    private static IEnumerable<string> Services() => Chart.ServiceNames();

    private static IEnumerable<string> MigratingServices() => Chart.MigratingServiceNames();

    [TestCaseSource(nameof(Services))]
    public void ComposeFile_ChartService_BuildsItsProjectFromTheDockerfile(string service)
    {
        var build = Compose.Service(service).Child("build");
        var arguments = build.Child("args");
        var projectDirectory = arguments.Child("PROJECT_DIR").Text();
        var assembly = arguments.Child("ASSEMBLY").Text();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.Child("context").Text(), Is.EqualTo(Compose.RelativeContext), "the repository root, as the Dockerfile expects");
            Assert.That(build.Child("dockerfile").Text(), Is.EqualTo(Repository.DockerfilePath));
            Assert.That(projectDirectory, Is.EqualTo(Repository.RelativeProjectDirectory(service)));
            // The Dockerfile restores ${PROJECT_DIR}/${ASSEMBLY}.csproj and runs ${ASSEMBLY}.dll: both must be the project's.
            Assert.That(File.Exists(Repository.PathOf(projectDirectory ?? "", $"{assembly}.csproj")), Is.True, $"{projectDirectory}/{assembly}.csproj");
            Assert.That(assembly, Is.EqualTo(Project.AssemblyName(service)));
        }
    }

    [TestCaseSource(nameof(Services))]
    public void ComposeFile_ChartService_PublishesContainerPortsOfTheChart(string service)
    {
        var values = Chart.Service(service);
        var targets = Compose.Service(service).Child("ports").Items().Select(mapping => int.Parse(mapping.Split(':')[^1].Split('/')[0],
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(targets, Is.EquivalentTo(new[] { values.HttpPort, values.GrpcPort }.OfType<int>()));
    }

    [Test]
    public void ComposeFile_EveryPublishedPort_BoundToLoopbackOnly()
    {
        // A laptop on a café network must not offer its databases, broker or unauthenticated service ports to the room.
        var mappings = File.ReadAllLines(Repository.PathOf("deploy", "compose", "docker-compose.yml"))
            .Select(line => line.Trim())
            .Where(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^- ""[\d.:]+:\d+""$"))
            .ToList();
        Assert.That(mappings, Is.Not.Empty);
        Assert.That(mappings, Has.All.StartsWith("- \"127.0.0.1:"));
    }

    [TestCaseSource(nameof(MigratingServices))]
    public void ComposeFile_MigratingService_MigratesWithSameImageBeforeStarting(string service)
    {
        var app = Compose.Service(service);
        var migrate = Compose.Service(Compose.MigrationServiceName(service));
        Assert.That(migrate, Is.Not.Null, $"{Compose.MigrationServiceName(service)} in deploy/compose/docker-compose.yml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(migrate.Child("command").Items(), Is.EqualTo(new[] { "migrate" }));
            Assert.That(migrate.Child("image").Text(), Is.EqualTo(app.Child("image").Text()));
            Assert.That(Compose.EnvironmentNames(migrate), Is.EquivalentTo(Compose.EnvironmentNames(app)), "the same database and settings");
            Assert.That(Compose.DependencyCondition(app, Compose.MigrationServiceName(service)),
                Is.EqualTo("service_completed_successfully"));
        }
    }
}
