using System.Diagnostics;

namespace SocialCommerce.Deployment.Tests;

/// <summary>Runs a program the tests check the repository with (promtool, go, the chart renderer) and collects what it printed.</summary>
internal static class ExternalProgram
{
    public static (int ExitCode, string Output, string Errors) Run(
        string program, IEnumerable<string> arguments, string workingDirectory, params (string Name, string Value)[] environment)
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
