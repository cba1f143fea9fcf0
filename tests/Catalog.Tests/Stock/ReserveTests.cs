using Grpc.Core;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Contracts.Events.Catalog;

namespace SocialCommerce.Catalog.Tests.Stock;

public sealed class ReserveTests : StockFixture
{
    [Test]
    public async Task Reserve_EnoughStock_ReservesEveryLineUntilReservationMinutes()
    {
        var (first, second) = (await App.NewSkuAsync(available: 10), await App.NewSkuAsync(available: 5));
        var orderId = Guid.CreateVersion7();

        var answer = await ReserveAsync(orderId, (first, 3), (second, 5));

        var expiresAt = DateTimeOffset.Parse(answer.ExpiresAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(async () =>
        {
            Assert.That(answer.Outcome, Is.EqualTo(ReserveOutcome.Reserved));
            Assert.That(answer.FailedSkuIds, Is.Empty);
            Assert.That(expiresAt, Is.EqualTo(DateTimeOffset.UtcNow.AddMinutes(30)).Within(TimeSpan.FromSeconds(30)));
            Assert.That(answer.ExpiresAt, Does.EndWith("Z"));
            Assert.That(await App.LevelsAsync(first), Is.EqualTo(new SkuLevels(7, 3, 0)));
            Assert.That(await App.LevelsAsync(second), Is.EqualTo(new SkuLevels(0, 5, 0)));
        });
    }

    [Test]
    public async Task Reserve_SameOrderTwice_ReturnsFirstResultAndMovesStockOnce()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = Guid.CreateVersion7();

        var first = await ReserveAsync(orderId, (skuId, 4));
        var repeat = await ReserveAsync(orderId, (skuId, 4));
        var changedRepeat = await ReserveAsync(orderId, (skuId, 9));

        Assert.Multiple(async () =>
        {
            Assert.That(first.Outcome, Is.EqualTo(ReserveOutcome.Reserved));
            Assert.That(repeat, Is.EqualTo(first));
            Assert.That(changedRepeat, Is.EqualTo(first), "the order id decides, not the lines of a later call");
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(6, 4, 0)));
        });
    }

    [Test]
    public async Task Reserve_RejectedOrderRepeatedAfterRestock_ReturnsStoredRejection()
    {
        var skuId = await App.NewSkuAsync(available: 2);
        var orderId = Guid.CreateVersion7();

        var first = await ReserveAsync(orderId, (skuId, 3));
        await App.ExecuteAsync("UPDATE skus SET available = 100 WHERE id = @skuId", new { skuId });
        var repeat = await ReserveAsync(orderId, (skuId, 3));

        Assert.Multiple(async () =>
        {
            Assert.That(first.Outcome, Is.EqualTo(ReserveOutcome.OutOfStock));
            Assert.That(first.FailedSkuIds, Is.EqualTo(new[] { skuId.ToString() }));
            Assert.That(first.ExpiresAt, Is.Empty);
            Assert.That(repeat, Is.EqualTo(first));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(100, 0, 0)));
        });
    }

    [Test]
    public async Task Reserve_OneLineShort_ReservesNothingAndNamesThatLine()
    {
        var (plenty, scarce) = (await App.NewSkuAsync(available: 50), await App.NewSkuAsync(available: 1));
        var orderId = Guid.CreateVersion7();

        var answer = await ReserveAsync(orderId, (plenty, 5), (scarce, 2));

        Assert.Multiple(async () =>
        {
            Assert.That(answer.Outcome, Is.EqualTo(ReserveOutcome.OutOfStock));
            Assert.That(answer.FailedSkuIds, Is.EqualTo(new[] { scarce.ToString() }));
            Assert.That(await App.LevelsAsync(plenty), Is.EqualTo(new SkuLevels(50, 0, 0)));
            Assert.That(await App.LevelsAsync(scarce), Is.EqualTo(new SkuLevels(1, 0, 0)));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservation_lines WHERE order_id = @orderId", new { orderId }), Is.Zero);
        });
    }

    [TestCase("unknown")]
    [TestCase("draft")]
    [TestCase("pending-review")]
    [TestCase("delisted")]
    public async Task Reserve_UnknownSkuOrUnlistedProduct_UnavailableAndNothingMoves(string status)
    {
        var listed = await App.NewSkuAsync(available: 10);
        var missing = status == "unknown" ? Guid.CreateVersion7() : await App.NewSkuAsync(available: 10, status: status);
        var orderId = Guid.CreateVersion7();

        var answer = await ReserveAsync(orderId, (listed, 1), (missing, 1));

        Assert.Multiple(async () =>
        {
            Assert.That(answer.Outcome, Is.EqualTo(ReserveOutcome.Unavailable));
            Assert.That(answer.FailedSkuIds, Is.EqualTo(new[] { missing.ToString() }));
            Assert.That(await App.LevelsAsync(listed), Is.EqualTo(new SkuLevels(10, 0, 0)));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservations WHERE order_id = @orderId AND state = 'rejected'", new { orderId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Reserve_CrossingLowStockThreshold_QueuesOneStockLow()
    {
        var skuId = await App.NewSkuAsync(available: 12, lowStockThreshold: 10);

        await ReserveAsync(Guid.CreateVersion7(), (skuId, 2)); // 12 → 10: not below yet
        await ReserveAsync(Guid.CreateVersion7(), (skuId, 1)); // 10 → 9: crossed
        await ReserveAsync(Guid.CreateVersion7(), (skuId, 1)); // 9 → 8: already low

        var queued = await CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%StockLow%' AND body->>'skuId' = @sku", new { sku = skuId.ToString() });
        Assert.That(queued, Is.EqualTo(1));

        // The reservation function writes this row in SQL: it must be what the relay can turn back into the contract.
        var row = await App.QuerySingleAsync<(string Type, string Body)>(
            "SELECT message_type, body::text FROM outbox_messages WHERE message_type LIKE '%StockLow%' AND body->>'skuId' = @sku",
            new { sku = skuId.ToString() });
        var stockLow = (StockLow)System.Text.Json.JsonSerializer.Deserialize(
            row.Body, Type.GetType(row.Type, throwOnError: true)!, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Multiple(() =>
        {
            Assert.That(stockLow.SkuId, Is.EqualTo(skuId));
            Assert.That(stockLow.Available, Is.EqualTo(9));
            Assert.That(stockLow.Threshold, Is.EqualTo(10));
            Assert.That(stockLow.At, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }

    private static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData("not-a-uuid", new[] { ("{sku}", 1) }).SetName("Reserve_MalformedOrderId_InvalidArgumentAndNothingStored");
        yield return new TestCaseData("{order}", new[] { ("{sku}", 0) }).SetName("Reserve_ZeroQuantity_InvalidArgumentAndNothingStored");
        yield return new TestCaseData("{order}", new[] { ("{sku}", -2) }).SetName("Reserve_NegativeQuantity_InvalidArgumentAndNothingStored");
        yield return new TestCaseData("{order}", new[] { ("{sku}", 10_001) }).SetName("Reserve_HugeQuantity_InvalidArgumentAndNothingStored");
        yield return new TestCaseData("{order}", new[] { ("sku-1", 1) }).SetName("Reserve_MalformedSkuId_InvalidArgumentAndNothingStored");
        yield return new TestCaseData("{order}", new[] { ("{sku}", 1), ("{sku}", 1) }).SetName("Reserve_DuplicateSku_InvalidArgumentAndNothingStored");
        yield return new TestCaseData("{order}", Array.Empty<(string, int)>()).SetName("Reserve_NoLines_InvalidArgumentAndNothingStored");
        yield return new TestCaseData("{order}", Enumerable.Range(0, 51).Select(_ => (Guid.NewGuid().ToString(), 1)).ToArray())
            .SetName("Reserve_51Lines_InvalidArgumentAndNothingStored");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task Reserve_BadRequest_InvalidArgumentAndNothingStored(string orderId, (string SkuId, int Quantity)[] lines)
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var realOrderId = Guid.CreateVersion7();
        var request = new ReserveRequest { OrderId = orderId.Replace("{order}", realOrderId.ToString()) };
        request.Lines.AddRange(lines.Select(line => new Line { SkuId = line.SkuId.Replace("{sku}", skuId.ToString()), Quantity = line.Quantity }));

        var error = Assert.ThrowsAsync<RpcException>(async () => await Client.ReserveAsync(request));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(10, 0, 0)));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservations WHERE order_id = @realOrderId", new { realOrderId }), Is.Zero);
        });
    }
}
