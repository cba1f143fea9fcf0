using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.ServiceDefaults.Tests.Postgres;

public sealed class AutoPrepareTests
{
    [Test]
    public void WithAutoPrepare_ConnectionStringWithoutIt_Prepares64()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresExtensions.WithAutoPrepare("Host=db;Database=orders;Username=order"));

        Assert.Multiple(() =>
        {
            Assert.That(settings.MaxAutoPrepare, Is.EqualTo(64));
            Assert.That(settings.Host, Is.EqualTo("db"));
            Assert.That(settings.Database, Is.EqualTo("orders"));
        });
    }

    [Test]
    public void WithAutoPrepare_ConnectionStringSetsIt_KeepsItsValue()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresExtensions.WithAutoPrepare("Host=db;Max Auto Prepare=5"));

        Assert.That(settings.MaxAutoPrepare, Is.EqualTo(5));
    }

    [Test]
    public void ForService_ConnectionStringWithoutThem_PreparesAndSkipsTheReset()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresExtensions.ForService("Host=db;Database=orders;Username=order"));

        Assert.Multiple(() =>
        {
            Assert.That(settings.MaxAutoPrepare, Is.EqualTo(64));
            Assert.That(settings.NoResetOnClose, Is.True);
            Assert.That(settings.Database, Is.EqualTo("orders"));
        });
    }

    [Test]
    public void ForService_ConnectionStringAsksForTheReset_KeepsIt()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresExtensions.ForService("Host=db;No Reset On Close=false"));

        Assert.That(settings.NoResetOnClose, Is.False);
    }
}
