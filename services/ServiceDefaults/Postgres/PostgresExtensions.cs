using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialCommerce.ServiceDefaults.Health;

namespace SocialCommerce.ServiceDefaults.Postgres;

public static class PostgresExtensions
{
    public const string ConnectionStringName = "Database";

    /// <summary>
    /// One pooled <see cref="NpgsqlDataSource"/> per service for its own database, a readiness check on it,
    /// and the service's embedded migrations for <c>&lt;service&gt; migrate</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPostgres(this IHostApplicationBuilder builder, System.Reflection.Assembly migrationsAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured.");
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(ForService(connectionString))
            .EnableDynamicJson()
            .Build());
        builder.Services.AddSingleton(new DatabaseMigrator(connectionString, migrationsAssembly));
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthExtensions.ReadyTag]);
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return builder;
    }

    /// <summary>
    /// Every service's data source settings: statements auto-prepared (<see cref="WithAutoPrepare"/>) and no reset when a
    /// connection goes back to the pool. The reset (Npgsql's <c>CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD
    /// …</c>, sent before the next command) is a transaction of its own on every reuse: it was half of the transactions a
    /// checkout cost the server (docs/benchmarks.md). Nothing here leaves session state behind on a pooled connection: the one
    /// session lock (checkout's Idempotency-Key) is released on every path, LISTEN connections unlisten before they go back,
    /// temporary tables drop at commit. A connection string that sets <c>No Reset On Close</c> keeps its own value.
    /// </summary>
    public static string ForService(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(WithAutoPrepare(connectionString));
        // Npgsql's builder answers ContainsKey for every keyword it knows: look at what the string itself says.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "").Equals("NoResetOnClose", StringComparison.OrdinalIgnoreCase)))
            settings.NoResetOnClose = true;
        return settings.ConnectionString;
    }

    /// <summary>
    /// A service runs the same few statements over and over: preparing them once per connection saves the server a parse
    /// and plan per call (measured on the flash-sale admission, docs/benchmarks.md P2: about 1.8× the calls per second).
    /// A connection string that sets <c>Max Auto Prepare</c> keeps its own value.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 64;
        return settings.ConnectionString;
    }
}
