using Dapper;
using Npgsql;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Tests;

/// <summary>
/// A migrated order database of its own, and orders written the way checkout writes them (through OrderStore), so the
/// tests exercise the service's own statements on real PostgreSQL without catalog or payment-adapter.
/// </summary>
public sealed class OrderDatabase
{
    public static readonly ShippingAddress Address = new("张三", "13800000009", "浙江省杭州市", "西湖区文三路 1 号");

    private OrderDatabase(NpgsqlDataSource dataSource) => DataSource = dataSource;

    public NpgsqlDataSource DataSource { get; }

    public static OrderDatabase Create()
    {
        var connectionString = TestInfrastructure.NewDatabase("ordtest");
        new DatabaseMigrator(connectionString, typeof(OrderFeature).Assembly).Migrate();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Configured as the service's own data source (no reset when a connection goes back to the pool).
        return new OrderDatabase(NpgsqlDataSource.Create(PostgresExtensions.ForService(connectionString)));
    }

    /// <summary>An order awaiting payment: <paramref name="lines"/> of (unit price, quantity), each its own SKU.</summary>
    public async Task<OrderRow> PlaceAsync(Guid userId, Guid? campaignId = null, params (long UnitPrice, int Quantity)[] lines)
    {
        var now = DateTimeOffset.UtcNow;
        var order = new NewOrder(Guid.CreateVersion7(), userId, Guid.CreateVersion7(), Guid.CreateVersion7(), "CNY", Address, null, campaignId,
            now.AddMinutes(15), (lines.Length == 0 ? [(1000L, 1)] : lines)
                .Select((line, i) => new NewOrderLine(Guid.CreateVersion7(), Guid.CreateVersion7(), $"商品 {i}", new Dictionary<string, string>(), line.UnitPrice, line.Quantity))
                .ToList());
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var written = await OrderStore.InsertAsync(connection, transaction, order, now);
        await transaction.CommitAsync();
        return written;
    }

    public async Task<OrderRow> PaidAsync(Guid userId, params (long UnitPrice, int Quantity)[] lines)
    {
        var order = await PlaceAsync(userId, null, lines);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OrderStore.MarkPaid(new StatementBatch(), order.Id, Guid.CreateVersion7(), order.Total, DateTimeOffset.UtcNow).ExecuteAsync(connection, transaction);
        await transaction.CommitAsync();
        return (await OrderStore.FindAsync(connection, order.Id))!;
    }

    /// <summary>A campaign as catalog would have defined it, already copied here.</summary>
    public async Task<Campaign> CampaignAsync(string type, int teamSize = 3, int perUserLimit = 0, int quota = 100)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<Campaign>(
            $"""
            INSERT INTO campaigns ({Campaign.Columns}, fetched_at)
            VALUES (@id, @type, @skuId, @productId, @shopId, @merchantId, '测试活动', 990, 'CNY', now() - interval '1 hour', now() + interval '1 day',
                    @teamSize, 24, @quota, @perUserLimit, now())
            RETURNING {Campaign.Columns}
            """,
            new
            {
                id = Guid.CreateVersion7(), type, skuId = Guid.CreateVersion7(), productId = Guid.CreateVersion7(), shopId = Guid.CreateVersion7(),
                merchantId = Guid.CreateVersion7(), teamSize, quota, perUserLimit,
            });
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of its own and commits it.</summary>
    public async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(connection, transaction);
        await transaction.CommitAsync();
        return result;
    }
}
