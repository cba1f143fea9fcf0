namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// deploy/prometheus through Prometheus' own checker: the scrape config and alert rules load, and the alerts fire (and stay
/// quiet) on the series their promtool unit tests feed them. promtool comes with Debian's prometheus package, which the test
/// infrastructure script installs.
/// </summary>
public sealed class PrometheusTests
{
    [Test]
    public void PromtoolCheckConfig_ScrapeConfigAndRules_Valid()
    {
        var (exitCode, output) = Promtool("check", "config", "prometheus.yml");

        Assert.That(exitCode, Is.Zero, output);
    }

    [TestCase("alerts_test.yml")]
    [TestCase("slos_test.yml")]
    public void PromtoolTestRules_AlertUnitTests_Pass(string tests)
    {
        var (exitCode, output) = Promtool("test", "rules", tests);

        Assert.That(exitCode, Is.Zero, output);
    }

    private static (int ExitCode, string Output) Promtool(params string[] arguments) =>
        Deployment.Tests.Promtool.Run(Repository.PathOf("deploy/prometheus"), arguments);
}
