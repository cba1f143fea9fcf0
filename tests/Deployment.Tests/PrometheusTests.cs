using System.Diagnostics;

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

    [Test]
    public void PromtoolTestRules_AlertUnitTests_Pass()
    {
        var (exitCode, output) = Promtool("test", "rules", "alerts_test.yml");

        Assert.That(exitCode, Is.Zero, output);
    }

    private static (int ExitCode, string Output) Promtool(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            WorkingDirectory = Repository.PathOf("deploy/prometheus"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
        return (process.ExitCode, output.Result + errors.Result);
    }
}
