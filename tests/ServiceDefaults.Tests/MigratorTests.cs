using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests;

public sealed class MigratorTests
{
    [Test]
    public void Migrate_RunTwice_SecondRunAppliesNothing()
    {
        var migrator = new DatabaseMigrator(TestInfrastructure.NewDatabase("migr"), typeof(MigratorTests).Assembly);

        var first = migrator.Migrate();
        var second = migrator.Migrate();

        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Count.EqualTo(6), "the building blocks' scripts, then the owner's");
            Assert.That(first[0], Does.EndWith("0001_outbox_inbox.sql"));
            Assert.That(first[1], Does.EndWith("0002_outbox_attempts.sql"));
            Assert.That(first[2], Does.EndWith("0003_retention_indexes.sql"));
            Assert.That(first[3], Does.EndWith("0004_owed_calls.sql"));
            Assert.That(first[4], Does.EndWith("0005_queue_autovacuum.sql"));
            Assert.That(second, Is.Empty);
        });
    }
}
