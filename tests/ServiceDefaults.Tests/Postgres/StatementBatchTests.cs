using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Postgres;

/// <summary>Statements that need no answer from each other go to PostgreSQL as one batch, each with its own parameters.</summary>
[TestFixture]
public sealed class StatementBatchTests
{
    private NpgsqlDataSource dataSource = null!;

    [OneTimeSetUp]
    public void CreateDataSource() => dataSource = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(TestInfrastructure.PostgresServer) { Database = "postgres" }.ConnectionString);

    [OneTimeTearDown]
    public ValueTask DisposeDataSource() => dataSource.DisposeAsync();

    [Test]
    public async Task ExecuteAsync_StatementsWithTheirOwnParameters_AllApplied()
    {
        await using var connection = await OpenWithTableAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await new StatementBatch()
            .Add("INSERT INTO batch_rows (name, amount) VALUES (@firstName, @firstAmount);", new { firstName = "一", firstAmount = 1L })
            .Add("INSERT INTO batch_rows (name, amount) VALUES (@secondName, @secondAmount)", new { secondName = "二" }, new { secondAmount = 2L })
            .Add("UPDATE batch_rows SET amount = amount * 10 WHERE name = @renamed", new { renamed = "二" })
            .ExecuteAsync(connection, transaction);
        await transaction.CommitAsync();

        var rows = (await connection.QueryAsync<(string Name, long Amount)>("SELECT name, amount FROM batch_rows ORDER BY amount")).ToList();
        Assert.That(rows, Is.EqualTo(new[] { ("一", 1L), ("二", 20L) }));
    }

    [Test]
    public async Task ExecuteAsync_LaterStatementFails_EarlierOnesRolledBackWithIt()
    {
        await using var connection = await OpenWithTableAsync();

        // Without a transaction of the caller's, the batch is one implicit transaction: sent one by one, the first insert
        // would stay.
        var failing = new StatementBatch()
            .Add("INSERT INTO batch_rows (name, amount) VALUES (@name, 1)", new { name = "kept?" })
            .Add("INSERT INTO batch_rows (name, amount) VALUES (NULL, @amount)", new { amount = 2L });
        Assert.That(async () => await failing.ExecuteAsync(connection, null), Throws.InstanceOf<PostgresException>());

        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM batch_rows"), Is.Zero);
    }

    [Test]
    public void Add_TwoStatementsNameOneParameter_Refused()
    {
        var batch = new StatementBatch().Add("SELECT @now", new { now = DateTimeOffset.UtcNow });

        Assert.That(() => batch.Add("SELECT @NOW", new { NOW = DateTimeOffset.UtcNow }),
            Throws.InvalidOperationException.With.Message.Contains("@NOW"));
    }

    private async Task<NpgsqlConnection> OpenWithTableAsync()
    {
        var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TEMP TABLE batch_rows (name text NOT NULL, amount bigint NOT NULL)");
        return connection;
    }
}
