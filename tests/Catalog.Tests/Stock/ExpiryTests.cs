using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

public sealed class ExpiryTests : StockFixture
{
    protected override Dictionary<string, string> Settings => new() { ["Catalog:ExpirySweepSeconds"] = "1" };

    [Test]
    public async Task Sweep_LapsedReservation_ReturnsStockAndLaterCommitSellsNothing()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var (lapsed, current) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await ReserveAsync(lapsed, (skuId, 3));
        await ReserveAsync(current, (skuId, 2));
        await App.ExecuteAsync("UPDATE stock_reservations SET expires_at = now() - interval '1 second' WHERE order_id = @lapsed", new { lapsed });

        var state = await Eventually.WaitForAsync(
            () => App.ScalarAsync<string>("SELECT state FROM stock_reservations WHERE order_id = @lapsed", new { lapsed }),
            value => value == "expired");
        var levelsAfterSweep = await App.LevelsAsync(skuId);
        var lateCommit = await CommitAsync(lapsed);

        Assert.Multiple(async () =>
        {
            Assert.That(state, Is.EqualTo("expired"));
            Assert.That(levelsAfterSweep, Is.EqualTo(new SkuLevels(8, 2, 0)));
            Assert.That(lateCommit, Is.EqualTo(ReservationState.Expired));
            Assert.That(await ReleaseAsync(lapsed), Is.EqualTo(ReservationState.Expired));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(8, 2, 0)));
            Assert.That(await App.ScalarAsync<string>("SELECT state FROM stock_reservations WHERE order_id = @current", new { current }), Is.EqualTo("reserved"));
        });
    }

    [Test]
    public async Task Sweep_ShortReservationMinutesBacklog_ExpiresEveryLapsedReservation()
    {
        var skuId = await App.NewSkuAsync(available: 1_000);
        var orders = Enumerable.Range(0, 600).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var chunk in orders.Chunk(50)) await Task.WhenAll(chunk.Select(orderId => ReserveAsync(orderId, (skuId, 1))));
        // More lapsed rows than one sweep batch takes, so the job must drain the backlog rather than stop at a batch.
        await App.ExecuteAsync("UPDATE stock_reservations SET expires_at = now() - interval '1 minute' WHERE order_id = ANY(@orders)", new { orders });

        var levels = await Eventually.WaitForAsync(() => App.LevelsAsync(skuId), value => value.Reserved == 0);

        Assert.Multiple(async () =>
        {
            Assert.That(levels, Is.EqualTo(new SkuLevels(1_000, 0, 0)));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservations WHERE order_id = ANY(@orders) AND state = 'expired'", new { orders }),
                Is.EqualTo(600));
        });
    }
}
