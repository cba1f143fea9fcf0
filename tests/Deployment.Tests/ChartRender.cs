using System.Diagnostics;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// The chart rendered as `helm template` would, by tests/chart-render (Go's text/template with Helm's sprig library and
/// Helm's own functions; charts/socialcommerce/README.md says how close it is), built once per run from Debian's Go packages,
/// which the test infrastructure script installs.
/// </summary>
internal static class ChartRender
{
    private static readonly Lazy<string> Renderer = new(Build);

    public static string Chart => Repository.PathOf("charts", "socialcommerce");

    /// <summary>Renders with the chart's values.yaml and then <paramref name="arguments"/> (-f files, --set-string pairs).</summary>
    public static (int ExitCode, string Output, string Errors) Render(params string[] arguments) =>
        Run(Renderer.Value, [Chart, .. arguments], Repository.Root);

    private static string Build()
    {
        var output = Path.Combine(Path.GetTempPath(), $"sc-chart-render-{Environment.ProcessId}");
        var (exitCode, _, errors) = Run("go", ["build", "-o", output, "."], Repository.PathOf("tests", "chart-render"),
            // GOPATH mode over Debian's packaged sources (/usr/share/gocode): no module download, as CI has none.
            ("GO111MODULE", "off"), ("GOPATH", "/usr/share/gocode"), ("GOFLAGS", ""),
            ("GOCACHE", Path.Combine(Path.GetTempPath(), "sc-chart-render-cache")));
        if (exitCode != 0) throw new InvalidOperationException($"go build tests/chart-render failed: {errors}");
        return output;
    }

    private static (int ExitCode, string Output, string Errors) Run(
        string program, string[] arguments, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill();
        return (process.ExitCode, output.Result, errors.Result);
    }
}
