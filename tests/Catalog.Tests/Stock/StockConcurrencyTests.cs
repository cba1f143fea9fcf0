using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

/// <summary>Many orders racing for the same units: no oversell, no partial reservation, no stock moved twice.</summary>
public sealed class StockConcurrencyTests : StockFixture
{
    private const int Channels = 8;

    [Test]
    public async Task Reserve_400ConcurrentOrdersFor100Units_Exactly100ReservedAndSettlingKeepsTheTotal()
    {
        var skuId = await App.NewSkuAsync(available: 100);
        var clients = Enumerable.Range(0, Channels).Select(_ => NewClient()).ToArray();
        var orders = Enumerable.Range(0, 400).Select(_ => Guid.CreateVersion7()).ToArray();

        var answers = await Task.WhenAll(orders.Select((orderId, i) =>
            clients[i % Channels].ReserveAsync(ReserveRequest(orderId, (skuId, 1))).ResponseAsync));

        var reserved = orders.Where((_, i) => answers[i].Outcome == ReserveOutcome.Reserved).ToArray();
        var afterReserve = await App.LevelsAsync(skuId);
        Assert.Multiple(async () =>
        {
            Assert.That(reserved, Has.Length.EqualTo(100));
            Assert.That(answers.Count(answer => answer.Outcome == ReserveOutcome.OutOfStock), Is.EqualTo(300));
            Assert.That(answers.Where(answer => answer.Outcome == ReserveOutcome.OutOfStock).Select(answer => answer.FailedSkuIds.Single()),
                Is.All.EqualTo(skuId.ToString()));
            Assert.That(afterReserve, Is.EqualTo(new SkuLevels(0, 100, 0)));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservations WHERE state = 'reserved' AND order_id = ANY(@orders)", new { orders }), Is.EqualTo(100));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservations WHERE state = 'rejected' AND order_id = ANY(@orders)", new { orders }), Is.EqualTo(300));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservation_lines WHERE order_id = ANY(@orders)", new { orders }), Is.EqualTo(100));
        });

        // Half paid, half cancelled, every call sent three times at once as a retrying order service would.
        var toCommit = reserved[..50];
        var toRelease = reserved[50..];
        var commits = toCommit.SelectMany(orderId => Enumerable.Range(0, 3).Select(copy =>
            clients[copy].CommitAsync(new OrderRequest { OrderId = orderId.ToString() }).ResponseAsync));
        var releases = toRelease.SelectMany(orderId => Enumerable.Range(0, 3).Select(copy =>
            clients[Channels - 1 - copy].ReleaseAsync(new OrderRequest { OrderId = orderId.ToString() }).ResponseAsync));
        var settled = await Task.WhenAll(commits.Concat(releases));

        Assert.Multiple(async () =>
        {
            Assert.That(settled[..150].Select(answer => answer.State), Is.All.EqualTo(ReservationState.Committed));
            Assert.That(settled[150..].Select(answer => answer.State), Is.All.EqualTo(ReservationState.Released));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(50, 0, 50)));
            Assert.That(await SalesAsync(skuId), Is.EqualTo(50));
        });
    }

    [Test]
    public async Task Reserve_ConcurrentOrdersNeedingTwoSkus_AllOrNothing()
    {
        // The scarcer SKU runs out first, so many orders take the other SKU and must give it back.
        var plenty = await App.NewSkuAsync(available: 40);
        var scarce = await App.NewSkuAsync(available: 30);
        var clients = Enumerable.Range(0, Channels).Select(_ => NewClient()).ToArray();
        var orders = Enumerable.Range(0, 120).Select(_ => Guid.CreateVersion7()).ToArray();

        // Lines in both orders: the service must lock SKUs in one order regardless, or these would deadlock.
        var answers = await Task.WhenAll(orders.Select((orderId, i) => clients[i % Channels].ReserveAsync(i % 2 == 0
            ? ReserveRequest(orderId, (plenty, 1), (scarce, 1))
            : ReserveRequest(orderId, (scarce, 1), (plenty, 1))).ResponseAsync));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(answer => answer.Outcome == ReserveOutcome.Reserved), Is.EqualTo(30));
            Assert.That(answers.Count(answer => answer.Outcome == ReserveOutcome.OutOfStock), Is.EqualTo(90));
            Assert.That(await App.LevelsAsync(plenty), Is.EqualTo(new SkuLevels(10, 30, 0)));
            Assert.That(await App.LevelsAsync(scarce), Is.EqualTo(new SkuLevels(0, 30, 0)));
            Assert.That(await CountAsync(
                "SELECT count(*) FROM stock_reservation_lines l JOIN stock_reservations r USING (order_id) WHERE r.state = 'rejected' AND r.order_id = ANY(@orders)",
                new { orders }), Is.Zero, "a rejected order keeps no lines");
            Assert.That(await CountAsync(
                """
                SELECT count(*) FROM stock_reservations r
                WHERE r.order_id = ANY(@orders) AND r.state = 'reserved'
                  AND (SELECT count(*) FROM stock_reservation_lines l WHERE l.order_id = r.order_id) <> 2
                """, new { orders }),
                Is.Zero, "every reserved order holds both lines");
        });
    }
}
