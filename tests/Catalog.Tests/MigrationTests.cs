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
}
