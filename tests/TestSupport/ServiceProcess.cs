using System.Diagnostics;
using System.Text;

namespace SocialCommerce.TestSupport;

/// <summary>
/// One deployable run exactly as production runs it: its published dll as its own process, configured only
/// through environment variables, started from its output folder.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private int disposed;
    private volatile bool released;
    private int? exitCodeWhenReleased;

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>Whether the process has ended, by itself, by <see cref="Kill"/> or by disposal.</summary>
    public bool HasExited => released || process.HasExited;

    /// <summary>The exit code once the process has ended (137 after <see cref="Kill"/>: 128 + SIGKILL), else null.</summary>
    public int? ExitCode => released ? exitCodeWhenReleased : process.HasExited ? process.ExitCode : null;

    public static string DllPath(string project)
    {
        // "services/identity/SocialCommerce.Identity": the project folder, then the assembly name.
        var name = Path.GetFileName(project);
        return Path.Combine(TestInfrastructure.RepoRoot, Path.GetDirectoryName(project)!, "bin", BuildConfiguration, "net10.0", $"{name}.dll");
    }

    /// <summary>Runs a one-shot command (<c>migrate</c>, <c>demo-data</c>) and fails with its output if it fails.</summary>
    public static async Task RunCommandAsync(string project, string command, IReadOnlyDictionary<string, string> environment)
    {
        await using var run = Start(project, environment, command);
        await run.process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (run.process.ExitCode != 0) throw new InvalidOperationException($"{project} {command} failed:\n{run.Output}");
    }

    public static ServiceProcess Start(string project, IReadOnlyDictionary<string, string> environment, string? command = null)
    {
        var dll = DllPath(project);
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the solution first ({dll} is missing).", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        if (command is not null) start.ArgumentList.Add(command);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return new ServiceProcess(Path.GetFileName(project), Process.Start(start)!);
    }

    public async Task WaitHealthyAsync(string baseUrl, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync($"{baseUrl}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} did not become healthy in {timeout}:\n{Output}");
    }

    /// <summary>
    /// Ends the process abruptly, as a crash or an OOM kill would: SIGKILL on Linux (<see cref="Process.Kill()"/>),
    /// so no shutdown hook, graceful stop or flush runs. Returns at once; <see cref="WaitForExitAsync"/> waits for the
    /// end. Disposing the process afterwards is still required and still safe.
    /// </summary>
    public void Kill()
    {
        try
        {
            if (!HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
    }

    /// <summary>Waits until the process has ended; fails with its output if that takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (released) return;
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not exit in {timeout}:\n{Output}");
        }
    }

    // Idempotent: a test may stop a process early that its owner also stops at the end.
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        exitCodeWhenReleased = process.ExitCode;
        released = true;
        process.Dispose();
    }

    // The folder this suite was built into tells which configuration the services were built in.
    private static string BuildConfiguration =>
        Environment.GetEnvironmentVariable("SC_CONFIGURATION")
        ?? (AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release");

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }
}
