using System.Diagnostics;

namespace SocialCommerce.TestSupport;

/// <summary>
/// A RabbitMQ node of one test's own (own folder, ports and node name), started by the same <c>deploy/local/infra.sh</c> as
/// the shared one, so an outage test can stop and start it without touching the broker every other suite uses.
/// </summary>
public sealed class StandaloneBroker : IAsyncDisposable
{
    private readonly string folder;
    private readonly string node;
    private readonly int amqpPort;
    private readonly int distPort;

    private StandaloneBroker(string folder, string node, int amqpPort, int distPort)
    {
        this.folder = folder;
        this.node = node;
        this.amqpPort = amqpPort;
        this.distPort = distPort;
    }

    public string AmqpUri => $"amqp://guest:guest@127.0.0.1:{amqpPort}/";

    /// <param name="amqpPort">
    /// A port no other broker of the run uses; the distribution port is 10000 above it. Both must stay below the kernel's
    /// ephemeral range (32768–60999): a port in it can be taken at any moment by an outgoing connection of the run (the
    /// browser tests open many), and the node then refuses to start with <c>dist_port_already_used</c>.
    /// </param>
    public static async Task<StandaloneBroker> StartAsync(int amqpPort)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var broker = new StandaloneBroker(
            Path.Combine(TestInfrastructure.RepoRoot, ".test-data", $"broker-{suffix}"), $"sc-outage-{suffix}", amqpPort, amqpPort + 10000);
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the stopped node again, with the queues and messages it had (they are durable).</summary>
    public Task StartAgainAsync() => InfraAsync("rabbitmq-start", folder, amqpPort.ToString(), distPort.ToString(), node);

    public Task StopAsync() => InfraAsync("rabbitmq-stop", folder, node);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The node may still be letting go of its files; .test-data is thrown away with the run anyway.
        }
    }

    private static async Task InfraAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestInfrastructure.RepoRoot, "deploy", "local", "infra.sh"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"infra.sh {string.Join(' ', args)} failed: {await output}{error}");
    }
}
