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
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString)
            .EnableDynamicJson()
            .Build());
        builder.Services.AddSingleton(new DatabaseMigrator(connectionString, migrationsAssembly));
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthExtensions.ReadyTag]);
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return builder;
    }
}
