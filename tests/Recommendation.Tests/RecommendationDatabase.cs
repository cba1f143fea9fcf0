using Dapper;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>
/// A migrated recommendation database of its own, the service's consumers on MassTransit's in-memory test bus over it, and
/// its model job and readers: events go in as the broker would deliver them, and the tables are read back on real PostgreSQL.
/// </summary>
public sealed class RecommendationDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private RecommendationDatabase(ServiceProvider services, ITestHarness harness)
    {
        this.services = services;
        Harness = harness;
    }

    public ITestHarness Harness { get; }
    public NpgsqlDataSource DataSource => services.GetRequiredService<NpgsqlDataSource>();
    public ModelJob Models => services.GetRequiredService<ModelJob>();
    public ForYou ForYou => services.GetRequiredService<ForYou>();
    public NightlyCandidates Nightly => services.GetRequiredService<NightlyCandidates>();
    public TrendingLists Trending => services.GetRequiredService<TrendingLists>();

    public static async Task<RecommendationDatabase> CreateAsync()
    {
        var connectionString = TestInfrastructure.NewDatabase("recommendationtest");
        new DatabaseMigrator(connectionString, typeof(RecommendationFeature).Assembly).Migrate();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var services = new ServiceCollection()
            .AddSingleton(NpgsqlDataSource.Create(connectionString))
            .AddSingleton(Options.Create(new RecommendationOptions { TrendingCacheSeconds = 0, PersonalRefreshMilliseconds = 0 }))
            .AddMetrics()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<RecommendationMetrics>()
            .AddSingleton<NightlyCandidates>()
            .AddSingleton<ModelJob>()
            .AddSingleton<TrendingLists>()
            .AddSingleton<ProductCards>()
            .AddSingleton<PersonalCandidates>()
            .AddSingleton<ForYou>()
            .AddMassTransitTestHarness(RecommendationFeature.AddConsumers)
            .BuildServiceProvider(true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new RecommendationDatabase(services, harness);
    }

    /// <summary>Publishes one event and waits until a consumer has handled this very message.</summary>
    public async Task DeliverAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await Harness.Bus.Publish(message, context => context.MessageId = id);
        Assert.That(await Harness.Consumed.Any<T>(consumed => consumed.Context.MessageId == id), Is.True, $"{typeof(T).Name} consumed");
        var fault = Harness.Consumed.Select<T>(consumed => consumed.Context.MessageId == id).FirstOrDefault()?.Exception;
        Assert.That(fault, Is.Null, fault?.ToString());
    }

    public async Task<Guid> ListedProductAsync(int categoryId = 1, string title = "好物", long price = 1999)
    {
        var productId = Guid.CreateVersion7();
        await DeliverAsync(new ProductListed(productId, Guid.CreateVersion7(), categoryId, title, [], price, "CNY", DateTimeOffset.UtcNow.AddDays(-10)));
        return productId;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<Dictionary<Guid, double>> TrendingScoresAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(Guid ProductId, double Score)>("SELECT product_id, score FROM trending"))
            .ToDictionary(row => row.ProductId, row => row.Score);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await services.DisposeAsync();
    }
}
