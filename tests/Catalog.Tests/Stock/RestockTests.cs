using Grpc.Core;
using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

public sealed class RestockTests : StockFixture
{
    [Test]
    public async Task Restock_AfterCommit_ReturnsUnitsToAvailable()
    {
        var (first, second) = (await App.NewSkuAsync(available: 10), await App.NewSkuAsync(available: 5));
        var orderId = await CommittedAsync((first, 4), (second, 2));

        var outcome = await RestockAsync(orderId, Guid.CreateVersion7(), (first, 3));

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(RestockOutcome.Restocked));
            Assert.That(await App.LevelsAsync(first), Is.EqualTo(new SkuLevels(9, 0, 1)));
            Assert.That(await App.LevelsAsync(second), Is.EqualTo(new SkuLevels(3, 0, 2)), "a SKU the restock leaves out stays sold");
            Assert.That(await SalesAsync(first), Is.EqualTo(1));
            Assert.That(await SalesAsync(second), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Restock_SameRestockIdTwice_MovesStockOnce()
    {
        var (first, second) = (await App.NewSkuAsync(available: 10), await App.NewSkuAsync(available: 10));
        var orderId = await CommittedAsync((first, 5), (second, 5));
        var restockId = Guid.CreateVersion7();

        var outcome = await RestockAsync(orderId, restockId, (first, 2), (second, 1));
        var repeat = await RestockAsync(orderId, restockId, (first, 2), (second, 1));
        var reordered = await RestockAsync(orderId, restockId, (second, 1), (first, 2));

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(RestockOutcome.Restocked));
            Assert.That(repeat, Is.EqualTo(RestockOutcome.Restocked));
            Assert.That(reordered, Is.EqualTo(RestockOutcome.Restocked), "the same lines in another order are the same restock");
            Assert.That(await App.LevelsAsync(first), Is.EqualTo(new SkuLevels(7, 0, 3)));
            Assert.That(await App.LevelsAsync(second), Is.EqualTo(new SkuLevels(6, 0, 4)));
            Assert.That(await SalesAsync(first), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Restock_SameRestockIdConcurrently_MovesStockOnce()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await CommittedAsync((skuId, 5));
        var request = RestockRequest(orderId, Guid.CreateVersion7(), (skuId, 2));
        var clients = Enumerable.Range(0, 4).Select(_ => NewClient()).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients[i % clients.Length].RestockAsync(request).ResponseAsync));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Select(answer => answer.Outcome), Is.All.EqualTo(RestockOutcome.Restocked));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(7, 0, 3)));
        });
    }

    [Test]
    public async Task Restock_SameRestockIdWithOtherLinesOrOrder_InvalidArgumentAndNothingMoves()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var (orderId, otherOrderId) = (await CommittedAsync((skuId, 5)), await CommittedAsync((skuId, 5)));
        var restockId = Guid.CreateVersion7();
        await RestockAsync(orderId, restockId, (skuId, 1));

        var otherQuantity = Assert.ThrowsAsync<RpcException>(async () => await RestockAsync(orderId, restockId, (skuId, 2)));
        var otherOrder = Assert.ThrowsAsync<RpcException>(async () => await RestockAsync(otherOrderId, restockId, (skuId, 1)));

        Assert.Multiple(async () =>
        {
            Assert.That(otherQuantity!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(otherOrder!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(1, 0, 9)));
        });
    }

    [Test]
    public async Task Restock_MoreThanSold_ExceedsSoldAndNothingChanges()
    {
        var (first, second, notInOrder) =
            (await App.NewSkuAsync(available: 10), await App.NewSkuAsync(available: 10), await App.NewSkuAsync(available: 10));
        var orderId = await CommittedAsync((first, 3), (second, 2));

        var tooMany = await RestockAsync(orderId, Guid.CreateVersion7(), (first, 4));
        var oneLineOver = await RestockAsync(orderId, Guid.CreateVersion7(), (first, 1), (second, 3));
        var notBought = await RestockAsync(orderId, Guid.CreateVersion7(), (notInOrder, 1));
        var levelsBefore = (await App.LevelsAsync(first), await App.LevelsAsync(second), await App.LevelsAsync(notInOrder));

        // Each fits alone, together they return more than the order bought.
        var partial = await RestockAsync(orderId, Guid.CreateVersion7(), (first, 2));
        var overTheRest = await RestockAsync(orderId, Guid.CreateVersion7(), (first, 2));

        Assert.Multiple(async () =>
        {
            Assert.That(tooMany, Is.EqualTo(RestockOutcome.ExceedsSold));
            Assert.That(oneLineOver, Is.EqualTo(RestockOutcome.ExceedsSold));
            Assert.That(notBought, Is.EqualTo(RestockOutcome.ExceedsSold));
            Assert.That(levelsBefore, Is.EqualTo((new SkuLevels(7, 0, 3), new SkuLevels(8, 0, 2), new SkuLevels(10, 0, 0))));
            Assert.That(partial, Is.EqualTo(RestockOutcome.Restocked));
            Assert.That(overTheRest, Is.EqualTo(RestockOutcome.ExceedsSold));
            Assert.That(await App.LevelsAsync(first), Is.EqualTo(new SkuLevels(9, 0, 1)));
            Assert.That(await App.LevelsAsync(second), Is.EqualTo(new SkuLevels(8, 0, 2)));
            Assert.That(await SalesAsync(first), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_restocks WHERE order_id = @orderId", new { orderId }), Is.EqualTo(1),
                "a refused restock leaves no record");
        });
    }

    [TestCase("unknown")]
    [TestCase("rejected")]
    [TestCase("reserved")]
    [TestCase("released")]
    [TestCase("expired")]
    public async Task Restock_ReservedOrReleasedOrder_NotCommitted(string state)
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = Guid.CreateVersion7();
        if (state != "unknown") await ReserveAsync(orderId, (skuId, state == "rejected" ? 11 : 4));
        if (state == "released") await ReleaseAsync(orderId);
        if (state == "expired")
        {
            await App.ExecuteAsync("UPDATE stock_reservations SET expires_at = now() - interval '1 second' WHERE order_id = @orderId", new { orderId });
            await CommitAsync(orderId);
        }

        var levelsBefore = await App.LevelsAsync(skuId);
        var outcome = await RestockAsync(orderId, Guid.CreateVersion7(), (skuId, 1));

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(RestockOutcome.NotCommitted));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(levelsBefore));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_restocks WHERE order_id = @orderId", new { orderId }), Is.Zero);
        });
    }

    [Test]
    public async Task Restock_ConcurrentRestocksOfOneOrder_NeverExceedSold()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await CommittedAsync((skuId, 3));
        var clients = Enumerable.Range(0, 4).Select(_ => NewClient()).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            clients[i % clients.Length].RestockAsync(RestockRequest(orderId, Guid.CreateVersion7(), (skuId, 1))).ResponseAsync));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(answer => answer.Outcome == RestockOutcome.Restocked), Is.EqualTo(3));
            Assert.That(answers.Count(answer => answer.Outcome == RestockOutcome.ExceedsSold), Is.EqualTo(7));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(10, 0, 0)));
            Assert.That(await SalesAsync(skuId), Is.Zero);
        });
    }

    [Test]
    public async Task Restock_ProductSalesBelowReturnedUnits_SalesStopAtZero()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await CommittedAsync((skuId, 4));
        // Demo data seeds products.sales apart from skus.sold, so it can hold fewer units than an order returns.
        await FoldSalesAsync();
        await App.ExecuteAsync("UPDATE products SET sales = 1 WHERE id = (SELECT product_id FROM skus WHERE id = @skuId)", new { skuId });

        var outcome = await RestockAsync(orderId, Guid.CreateVersion7(), (skuId, 4));

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(RestockOutcome.Restocked));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(10, 0, 0)));
            Assert.That(await SalesAsync(skuId), Is.Zero);
        });
    }

    private static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData("not-a-uuid", "{restock}", new[] { ("{sku}", 1) }).SetName("Restock_MalformedOrderId_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "", new[] { ("{sku}", 1) }).SetName("Restock_MissingRestockId_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "r-1", new[] { ("{sku}", 1) }).SetName("Restock_MalformedRestockId_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "{restock}", new[] { ("{sku}", 0) }).SetName("Restock_ZeroQuantity_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "{restock}", new[] { ("{sku}", 10_001) }).SetName("Restock_HugeQuantity_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "{restock}", new[] { ("sku-1", 1) }).SetName("Restock_MalformedSkuId_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "{restock}", new[] { ("{sku}", 1), ("{sku}", 1) }).SetName("Restock_DuplicateSku_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "{restock}", Array.Empty<(string, int)>()).SetName("Restock_NoLines_InvalidArgumentAndNothingMoves");
        yield return new TestCaseData("{order}", "{restock}", Enumerable.Range(0, 51).Select(_ => (Guid.NewGuid().ToString(), 1)).ToArray())
            .SetName("Restock_51Lines_InvalidArgumentAndNothingMoves");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task Restock_BadRequest_InvalidArgumentAndNothingMoves(string orderId, string restockId, (string SkuId, int Quantity)[] lines)
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var realOrderId = await CommittedAsync((skuId, 2));
        var request = new RestockRequest
        {
            OrderId = orderId.Replace("{order}", realOrderId.ToString()),
            RestockId = restockId.Replace("{restock}", Guid.CreateVersion7().ToString()),
        };
        request.Lines.AddRange(lines.Select(line => new Line { SkuId = line.SkuId.Replace("{sku}", skuId.ToString()), Quantity = line.Quantity }));

        var error = Assert.ThrowsAsync<RpcException>(async () => await Client.RestockAsync(request));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(8, 0, 2)));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_restocks WHERE order_id = @realOrderId", new { realOrderId }), Is.Zero);
        });
    }

    private async Task<Guid> CommittedAsync(params (Guid SkuId, int Quantity)[] lines)
    {
        var orderId = Guid.CreateVersion7();
        Assert.That((await ReserveAsync(orderId, lines)).Outcome, Is.EqualTo(ReserveOutcome.Reserved));
        Assert.That(await CommitAsync(orderId), Is.EqualTo(ReservationState.Committed));
        return orderId;
    }

    private async Task<RestockOutcome> RestockAsync(Guid orderId, Guid restockId, params (Guid SkuId, int Quantity)[] lines) =>
        (await Client.RestockAsync(RestockRequest(orderId, restockId, lines))).Outcome;
}
