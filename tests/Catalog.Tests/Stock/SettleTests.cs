using Grpc.Core;
using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

public sealed class SettleTests : StockFixture
{
    [Test]
    public async Task Release_Twice_ReturnsStockOnce()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await ReservedAsync(skuId, 4);

        var first = await ReleaseAsync(orderId);
        var repeat = await ReleaseAsync(orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(ReservationState.Released));
            Assert.That(repeat, Is.EqualTo(ReservationState.Released));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(10, 0, 0)));
        });
    }

    [Test]
    public async Task Commit_Twice_SellsOnceAndCountsProductSales()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await ReservedAsync(skuId, 4);

        var first = await CommitAsync(orderId);
        var repeat = await CommitAsync(orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(ReservationState.Committed));
            Assert.That(repeat, Is.EqualTo(ReservationState.Committed));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(6, 0, 4)));
            Assert.That(await SalesAsync(skuId), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Commit_AfterRelease_AnswersReleasedAndSellsNothing()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await ReservedAsync(skuId, 4);
        await ReleaseAsync(orderId);

        var state = await CommitAsync(orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(state, Is.EqualTo(ReservationState.Released));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(10, 0, 0)));
            Assert.That(await SalesAsync(skuId), Is.Zero);
        });
    }

    [Test]
    public async Task Release_AfterCommit_AnswersCommittedAndReturnsNothing()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await ReservedAsync(skuId, 4);
        await CommitAsync(orderId);

        var state = await ReleaseAsync(orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(state, Is.EqualTo(ReservationState.Committed));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(6, 0, 4)));
        });
    }

    [Test]
    public async Task Commit_PastExpiryBeforeTheSweep_AnswersExpiredAndReturnsStock()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = await ReservedAsync(skuId, 4);
        await App.ExecuteAsync("UPDATE stock_reservations SET expires_at = now() - interval '1 second' WHERE order_id = @orderId", new { orderId });

        var state = await CommitAsync(orderId);
        var repeat = await CommitAsync(orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(state, Is.EqualTo(ReservationState.Expired));
            Assert.That(repeat, Is.EqualTo(ReservationState.Expired));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(10, 0, 0)));
            Assert.That(await SalesAsync(skuId), Is.Zero);
        });
    }

    [Test]
    public async Task ReleaseAndCommit_UnknownOrRejectedOrder_NotFoundAndNothingMoves()
    {
        var skuId = await App.NewSkuAsync(available: 1);
        var rejected = Guid.CreateVersion7();
        await ReserveAsync(rejected, (skuId, 2));

        Assert.Multiple(async () =>
        {
            Assert.That(await ReleaseAsync(Guid.CreateVersion7()), Is.EqualTo(ReservationState.NotFound));
            Assert.That(await CommitAsync(Guid.CreateVersion7()), Is.EqualTo(ReservationState.NotFound));
            Assert.That(await ReleaseAsync(rejected), Is.EqualTo(ReservationState.NotFound));
            Assert.That(await CommitAsync(rejected), Is.EqualTo(ReservationState.NotFound));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(1, 0, 0)));
        });
    }

    [Test]
    public async Task ReleaseAndCommit_MalformedOrderId_InvalidArgument()
    {
        var release = Assert.ThrowsAsync<RpcException>(async () => await Client.ReleaseAsync(new OrderRequest { OrderId = "42" }));
        var commit = Assert.ThrowsAsync<RpcException>(async () => await Client.CommitAsync(new OrderRequest { OrderId = "" }));

        Assert.Multiple(() =>
        {
            Assert.That(release!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(commit!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        });
    }

    [Test]
    public async Task CommitAndRelease_RacingOnOneOrder_OnlyOneMovesStock()
    {
        var skuId = await App.NewSkuAsync(available: 100);
        var orders = new List<Guid>();
        for (var i = 0; i < 20; i++) orders.Add(await ReservedAsync(skuId, 1));
        var (commitClient, releaseClient) = (NewClient(), NewClient());

        var answers = await Task.WhenAll(orders.Select(async orderId =>
        {
            var request = new OrderRequest { OrderId = orderId.ToString() };
            var results = await Task.WhenAll(commitClient.CommitAsync(request).ResponseAsync, releaseClient.ReleaseAsync(request).ResponseAsync);
            return results[0].State;
        }));

        var committed = answers.Count(state => state == ReservationState.Committed);
        Assert.Multiple(async () =>
        {
            Assert.That(answers, Is.All.AnyOf(ReservationState.Committed, ReservationState.Released));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(100 - committed, 0, committed)));
        });
    }

    private async Task<Guid> ReservedAsync(Guid skuId, int quantity)
    {
        var orderId = Guid.CreateVersion7();
        var answer = await ReserveAsync(orderId, (skuId, quantity));
        Assert.That(answer.Outcome, Is.EqualTo(ReserveOutcome.Reserved));
        return orderId;
    }
}
