namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// Every variable the chart or compose sets must be one the code reads (docs/configuration.md lists
/// them), and every required one must be set: a typo such as ConnectionStrings__Db would otherwise
/// only show as a crash after deployment.
/// </summary>
public sealed class EnvironmentTests
{
    private static IEnumerable<string> Services() => Chart.ServiceNames();

    [Test]
    public void ConfigurationDoc_Tables_YieldRequiredVariables()
    {
        // Guards the parser: if it found nothing, every other test here would pass vacuously.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ConfigurationDoc.Required("identity"),
                Is.SupersetOf(new[] { "ConnectionStrings__Database", "ConnectionStrings__RabbitMq", "Auth__Authority", "Identity__Issuer" }));
            Assert.That(ConfigurationDoc.Required(Repository.Gateway), Has.No.Member("ConnectionStrings__Database"));
            Assert.That(ConfigurationDoc.IsDocumented(Repository.Gateway, "ReverseProxy__Clusters__order__Destinations__primary__Address"), Is.True);
            Assert.That(ConfigurationDoc.IsDocumented(Repository.Gateway, "Cors__Origins__7"), Is.True);
            Assert.That(ConfigurationDoc.IsDocumented("identity", "Identity__Isuer"), Is.False);
        }
    }

    [TestCaseSource(nameof(Services))]
    public void ChartValues_EveryVariable_IsDocumented(string service)
    {
        var undocumented = Chart.Service(service).EnvironmentNames.Where(name => !ConfigurationDoc.IsDocumented(service, name));
        Assert.That(undocumented, Is.Empty,
            $"set in charts/socialcommerce/values.yaml for {service} but not documented for it in docs/configuration.md");
    }

    [TestCaseSource(nameof(Services))]
    public void ChartValues_RequiredVariables_AreSet(string service)
    {
        Assert.That(Chart.Service(service).EnvironmentNames, Is.SupersetOf(ConfigurationDoc.Required(service)),
            $"services.{service}.env or .secretEnv in charts/socialcommerce/values.yaml");
    }

    [TestCaseSource(nameof(Services))]
    public void ComposeFile_EveryVariable_IsDocumented(string service)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var composeService in ComposeServicesOf(service))
            {
                Assert.That(Compose.Service(composeService), Is.Not.Null, $"{composeService} in deploy/compose/docker-compose.yml");
                var names = Compose.EnvironmentNames(Compose.Service(composeService));
                var undocumented = names.Where(name => !ConfigurationDoc.IsDocumented(service, name));
                Assert.That(undocumented, Is.Empty,
                    $"set for {composeService} in deploy/compose/docker-compose.yml but not documented for {service}");
            }
        }
    }

    [TestCaseSource(nameof(Services))]
    public void ComposeFile_RequiredVariables_AreSet(string service)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var composeService in ComposeServicesOf(service))
            {
                Assert.That(Compose.EnvironmentNames(Compose.Service(composeService)),
                    Is.SupersetOf(ConfigurationDoc.Required(service)), $"{composeService} in deploy/compose/docker-compose.yml");
            }
        }
    }

    /// <summary>The service and, when it migrates, the one-shot container that migrates it with the same settings.</summary>
    private static IReadOnlyList<string> ComposeServicesOf(string service)
    {
        var names = new List<string> { service };
        if (Chart.Service(service).Migrate)
        {
            names.Add(Compose.MigrationServiceName(service));
        }

        return names;
    }
}
