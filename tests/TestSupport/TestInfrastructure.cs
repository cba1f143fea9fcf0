using System.Diagnostics;
using Npgsql;

namespace SocialCommerce.TestSupport;

/// <summary>
/// The PostgreSQL and RabbitMQ that <c>./build.sh test</c> starts once per run. Each fixture takes its own
/// database and virtual host from here, so suites run in parallel without seeing each other's rows or messages.
/// </summary>
public static class TestInfrastructure
{
    public static string PostgresServer => Required("SC_TEST_POSTGRES");
    public static string RabbitMqServer => Required("SC_TEST_RABBITMQ");
    public static string RabbitMqNode => Required("SC_TEST_RABBITMQ_NODE");
    public static int PortOffset => int.Parse(Environment.GetEnvironmentVariable("SC_TEST_PORT_OFFSET") ?? "10000");
    public static string Configuration => Environment.GetEnvironmentVariable("SC_CONFIGURATION") ?? "Release";

    public static string RepoRoot { get; } = Environment.GetEnvironmentVariable("SC_REPO_ROOT") ?? FindRepoRoot();

    /// <summary>A connection string to a database that does not exist yet; the migrator creates it.</summary>
    public static string NewDatabase(string prefix) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}" }.ConnectionString;

    /// <summary>Creates a fresh virtual host and returns the AMQP URI pointing at it.</summary>
    public static async Task<string> NewVirtualHostAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";
        await RabbitMqCtlAsync("add_vhost", name);
        await RabbitMqCtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return $"{RabbitMqServer.TrimEnd('/')}/{name}";
    }

    public static async Task DeleteVirtualHostAsync(string amqpUri)
    {
        var name = Uri.UnescapeDataString(new Uri(amqpUri).AbsolutePath.TrimStart('/'));
        if (name.Length > 0) await RabbitMqCtlAsync("delete_vhost", name);
    }

    private static async Task RabbitMqCtlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-n", RabbitMqNode, "-q" }.Concat(args)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed: {error}");
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the suites with ./build.sh test, which starts the test infrastructure.");

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "global.json"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (global.json).");
    }
}
