using Dapper;
using Npgsql;
using SocialCommerce.Catalog.Stock;
using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

/// <summary>products.sales raised by the fold, not by each commit: every unit counted once, whatever runs beside it.</summary>
public sealed class ProductSalesTests : StockFixture
{
    [Test]
    public async Task Commit_BeforeTheFold_ProductRowUntouchedAndUnitsPending()
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = Guid.CreateVersion7();
        await ReserveAsync(orderId, (skuId, 3));
        // Holding the fold's lock keeps the app's periodic fold (every few seconds) from running between commit and read.
        await using var foldLock = new NpgsqlConnection(App.ConnectionString);
        await foldLock.OpenAsync();
        await foldLock.ExecuteAsync("SELECT pg_advisory_lock(hashtext(@FoldLock))", new { ProductSales.FoldLock });

        var state = await CommitAsync(orderId);
        var (salesAtCommit, pendingAtCommit) = (await RowSalesAsync(skuId), await PendingAsync(skuId));
        await foldLock.ExecuteAsync("SELECT pg_advisory_unlock(hashtext(@FoldLock))", new { ProductSales.FoldLock });

        Assert.Multiple(async () =>
        {
            Assert.That(state, Is.EqualTo(ReservationState.Committed));
            Assert.That(salesAtCommit, Is.Zero);
            Assert.That(pendingAtCommit, Is.EqualTo(3));
            Assert.That(await SalesAsync(skuId), Is.EqualTo(3));
            Assert.That(await PendingAsync(skuId), Is.Zero);
        });
    }

    [Test]
    public async Task Fold_RacingCommitsRestocksAndOtherFolds_EveryUnitCountedOnce()
    {
        var skuId = await App.NewSkuAsync(available: 200);
        var clients = Enumerable.Range(0, 4).Select(_ => NewClient()).ToArray();
        var orders = Enumerable.Range(0, 60).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var (orderId, i) in orders.Select((orderId, i) => (orderId, i))) await ReserveAsync(orderId, (skuId, 1 + i % 3));

        using var stop = new CancellationTokenSource();
        var folds = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await FoldSalesAsync();
        })).ToArray();
        var commits = await Task.WhenAll(orders.Select((orderId, i) =>
            clients[i % clients.Length].CommitAsync(new OrderRequest { OrderId = orderId.ToString() }).ResponseAsync));
        // Every third order gives one unit back, while the folds still run.
        var restocks = await Task.WhenAll(orders.Where((_, i) => i % 3 == 2).Select((orderId, i) =>
            clients[i % clients.Length].RestockAsync(RestockRequest(orderId, Guid.CreateVersion7(), (skuId, 1))).ResponseAsync));
        stop.Cancel();
        await Task.WhenAll(folds);

        var sold = orders.Select((_, i) => 1 + i % 3).Sum() - restocks.Length;
        Assert.Multiple(async () =>
        {
            Assert.That(commits.Select(answer => answer.State), Is.All.EqualTo(ReservationState.Committed));
            Assert.That(restocks.Select(answer => answer.Outcome), Is.All.EqualTo(RestockOutcome.Restocked));
            Assert.That(await SalesAsync(skuId), Is.EqualTo(sold));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(200 - sold, 0, sold)));
            Assert.That(await PendingAsync(skuId), Is.Zero);
        });
    }

    private Task<long> RowSalesAsync(Guid skuId) =>
        CountAsync("SELECT p.sales FROM products p JOIN skus s ON s.product_id = p.id WHERE s.id = @skuId", new { skuId });

    private Task<long> PendingAsync(Guid skuId) =>
        CountAsync("SELECT coalesce(sum(quantity), 0) FROM product_sales_pending WHERE product_id = (SELECT product_id FROM skus WHERE id = @skuId)", new { skuId });
}
