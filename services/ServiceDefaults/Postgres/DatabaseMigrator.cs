using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;

namespace SocialCommerce.ServiceDefaults.Postgres;

/// <summary>
/// Forward-only numbered SQL scripts, embedded in the assembly that owns them. The building blocks' own
/// tables (outbox, inbox) run first in their own group, so a service's scripts may rely on them.
/// Migrations are a separate step (<c>&lt;service&gt; migrate</c>, a Helm hook, <c>./build.sh up</c>):
/// replicas never race to apply them at start-up.
/// </summary>
public sealed class DatabaseMigrator(string connectionString, Assembly serviceAssembly)
{
    public IReadOnlyList<string> Migrate(TextWriter? log = null)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new NoOpUpgradeLog());
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, IsSql, new SqlScriptOptions { RunGroupOrder = 0 })
            .WithScriptsEmbeddedInAssembly(serviceAssembly, IsSql, new SqlScriptOptions { RunGroupOrder = 1 })
            .WithTransactionPerScript()
            .LogTo(log is null ? new NoOpUpgradeLog() : new WriterLog(log))
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }

        return result.Scripts.Select(script => script.Name).ToList();
    }

    private static bool IsSql(string resourceName) => resourceName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);

    private sealed class WriterLog(TextWriter writer) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) => writer.WriteLine(format, args);
        public void LogWarning(string format, params object[] args) => writer.WriteLine("warning: " + format, args);
        public void LogError(string format, params object[] args) => writer.WriteLine("error: " + format, args);
        public void LogError(Exception ex, string format, params object[] args) => writer.WriteLine("error: " + format + " " + ex.Message, args);
    }
}
