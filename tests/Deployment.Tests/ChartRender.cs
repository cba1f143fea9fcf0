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
        ExternalProgram.Run(Renderer.Value, [Chart, .. arguments], Repository.Root);

    private static string Build()
    {
        var output = Path.Combine(Path.GetTempPath(), $"sc-chart-render-{Environment.ProcessId}");
        var (exitCode, _, errors) = ExternalProgram.Run("go", ["build", "-o", output, "."], Repository.PathOf("tests", "chart-render"),
            // GOPATH mode over Debian's packaged sources (/usr/share/gocode): no module download, as CI has none.
            ("GO111MODULE", "off"), ("GOPATH", "/usr/share/gocode"), ("GOFLAGS", ""),
            ("GOCACHE", Path.Combine(Path.GetTempPath(), "sc-chart-render-cache")));
        if (exitCode != 0) throw new InvalidOperationException($"go build tests/chart-render failed: {errors}");
        return output;
    }
}
