using SocialCommerce.Catalog.Tests.Seller;

namespace SocialCommerce.Catalog.Tests;

public sealed class MigrationTests : CatalogFixture
{
    [Test]
    public async Task Migrate_FreshDatabase_SeedsCategoryTree()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM categories WHERE parent_id IS NULL"), Is.EqualTo(6));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM categories WHERE parent_id IS NOT NULL"), Is.GreaterThan(10));
            Assert.That(await App.ScalarAsync<string>("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'"), Is.EqualTo("pg_trgm"));
        });
    }

    [Test]
    public async Task Analyze_UnderMaintenanceSearchPath_GathersProductStatistics()
    {
        var (_, _, client) = await App.NewMerchantAsync();
        await client.CreateProductAsync();
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();

        // Autovacuum evaluates index expressions with search_path = pg_catalog; an unqualified call inside them fails.
        await using (var analyze = new Npgsql.NpgsqlCommand("SET search_path TO pg_catalog; ANALYZE public.products;", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = 'products'"),
            Is.GreaterThan(0));
    }
}
