using Dapper;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.Tests;

/// <summary>OrderStore's statements on real PostgreSQL: guarded transitions and refund caps hold under concurrency.</summary>
[TestFixture]
public sealed class OrderStoreTests
{
    private OrderDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = OrderDatabase.Create();

    [Test]
    public async Task InsertAsync_NewOrder_LinesTotalAndFirstHistoryWritten()
    {
        var order = await db.PlaceAsync(Guid.CreateVersion7(), null, (1200, 2), (300, 1));

        Assert.Multiple(async () =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.AwaitingPayment));
            Assert.That(order.Total, Is.EqualTo(2700));
            Assert.That(order.OrderNo, Does.Match(@"^\d{14}$"));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM order_lines WHERE order_id = @Id", order), Is.EqualTo(2));
            Assert.That(await db.ScalarAsync<string>("SELECT string_agg(status, ',') FROM order_status_history WHERE order_id = @Id", order),
                Is.EqualTo(OrderStatus.AwaitingPayment));
        });
    }

    [Test]
    public async Task MoveAsync_ShipAndCancelAtOnce_ExactlyOneWinsAndOneHistoryRow()
    {
        var order = await db.PaidAsync(Guid.CreateVersion7());

        var moves = await Task.WhenAll(
            db.InTransactionAsync((c, t) => OrderStore.MoveAsync(c, t, order.Id, [OrderStatus.Paid], OrderStatus.Shipped, DateTimeOffset.UtcNow)),
            db.InTransactionAsync((c, t) => OrderStore.MoveAsync(c, t, order.Id, [OrderStatus.Paid], OrderStatus.Cancelled, DateTimeOffset.UtcNow)));

        var winner = moves.Single(move => move is not null)!;
        Assert.Multiple(async () =>
        {
            Assert.That(moves.Count(move => move is null), Is.EqualTo(1), "the second finds the guard false");
            Assert.That(await db.ScalarAsync<string>("SELECT status FROM orders WHERE id = @Id", order), Is.EqualTo(winner.Status));
            Assert.That(await db.ScalarAsync<long>(
                "SELECT count(*) FROM order_status_history WHERE order_id = @Id AND status IN ('shipped', 'cancelled')", order), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task OpenRefundAsync_TenConcurrentRefundsOfOneUnit_NeverPromisesMoreThanWasPaid()
    {
        var order = await db.PaidAsync(Guid.CreateVersion7(), (1000, 3));
        var skuId = await db.ScalarAsync<Guid>("SELECT sku_id FROM order_lines WHERE order_id = @Id", order);

        var refunds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => db.InTransactionAsync(async (c, t) =>
        {
            // Callers lock the order row first and decide under it, as refund requests and cancellations do.
            var locked = (await OrderStore.LockAsync(c, t, order.Id))!;
            var line = (await OrderStore.LinesAsync(c, order.Id, t)).Single();
            if (line.RefundedQuantity >= line.Quantity) return null;
            return await OrderStore.OpenRefundAsync(c, t, locked, locked.PaymentId!.Value, RefundKinds.AfterSales, 1000,
                [new RefundLine(skuId, 1, 1000)], null, restock: true, DateTimeOffset.UtcNow);
        })));

        Assert.Multiple(async () =>
        {
            Assert.That(refunds.Count(id => id is not null), Is.EqualTo(3));
            Assert.That(await db.ScalarAsync<long>("SELECT refund_committed FROM orders WHERE id = @Id", order), Is.EqualTo(3000));
            Assert.That(await db.ScalarAsync<int>("SELECT refunded_quantity FROM order_lines WHERE order_id = @Id", order), Is.EqualTo(3));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM owed_calls WHERE subject_id = @Id AND kind = 'refund'", order), Is.EqualTo(3));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM owed_calls WHERE subject_id = @Id AND kind = 'restock'", order), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task OpenRefundAsync_MoreThanIsLeft_NothingChanges()
    {
        var order = await db.PaidAsync(Guid.CreateVersion7(), (1000, 1));

        var refundId = await db.InTransactionAsync((c, t) => OrderStore.OpenRefundAsync(
            c, t, order, order.PaymentId!.Value, RefundKinds.Cancellation, 1001, [], null, restock: false, DateTimeOffset.UtcNow));

        Assert.Multiple(async () =>
        {
            Assert.That(refundId, Is.Null);
            Assert.That(await db.ScalarAsync<long>("SELECT refund_committed FROM orders WHERE id = @Id", order), Is.Zero);
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM owed_calls WHERE subject_id = @Id", order), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task SucceedRefundAsync_SameConfirmationTwice_CountedOnce()
    {
        var order = await db.PaidAsync(Guid.CreateVersion7(), (500, 2));
        var refundId = (await db.InTransactionAsync((c, t) => OrderStore.OpenRefundAsync(
            c, t, order, order.PaymentId!.Value, RefundKinds.Cancellation, 1000, [], null, restock: false, DateTimeOffset.UtcNow)))!.Value;

        var first = await db.InTransactionAsync((c, t) => OrderStore.SucceedRefundAsync(c, t, order.Id, refundId, DateTimeOffset.UtcNow));
        var second = await db.InTransactionAsync((c, t) => OrderStore.SucceedRefundAsync(c, t, order.Id, refundId, DateTimeOffset.UtcNow));

        Assert.Multiple(async () =>
        {
            Assert.That(first?.Order.RefundedAmount, Is.EqualTo(1000));
            Assert.That(second, Is.Null);
            Assert.That(await db.ScalarAsync<long>("SELECT refunded_amount FROM orders WHERE id = @Id", order), Is.EqualTo(1000));
        });
    }
}
