using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.Catalog.DemoData;

namespace SocialCommerce.Catalog.Tests.Browse;

public sealed class DemoDataTests : CatalogFixture
{
    [Test]
    public async Task RunAsync_Twice_LeavesOneHundredListedProductsInThreeFixedShopsAndTwoSubmittedForReview()
    {
        await DemoDataCommand.RunAsync(App.Services);
        await DemoDataCommand.RunAsync(App.Services);

        using var client = App.CreateClient();
        var tea = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products?q={Uri.EscapeDataString("普洱")}");
        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM products WHERE status = 'listed'"), Is.EqualTo(100));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM products WHERE status = 'pending-review'"), Is.EqualTo(2));
            Assert.That(await App.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.ProductSubmittedForReview,%' AND body->>'revision' = '1'"),
                Is.EqualTo(2), "submitted once each, however often demo-data runs");
            Assert.That(await App.ScalarAsync<long>(
                "SELECT count(*) FROM shops WHERE id IN ('0190a000-0000-7000-8000-000000000003', '0190a000-0000-7000-8000-000000000004', '0190a000-0000-7000-8000-000000000005') AND id = merchant_id"),
                Is.EqualTo(3));
            Assert.That(await App.ScalarAsync<long>("SELECT count(DISTINCT category_id) FROM products"), Is.GreaterThan(10));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM skus s WHERE NOT EXISTS (SELECT 1 FROM price_history h WHERE h.sku_id = s.id)"), Is.Zero);
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM (SELECT sku_id FROM price_history GROUP BY sku_id HAVING count(*) > 1) AS changed"), Is.GreaterThan(10));
            // The current price of every SKU is the last entry of its history.
            Assert.That(await App.ScalarAsync<long>(
                """
                SELECT count(*) FROM skus s
                WHERE s.price <> (SELECT h.price FROM price_history h WHERE h.sku_id = s.id ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)
                """), Is.Zero);
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM products p WHERE min_price <> (SELECT min(price) FROM skus WHERE product_id = p.id)"), Is.Zero);
            Assert.That(tea.GetProperty("items").GetArrayLength(), Is.EqualTo(4));
        });
    }
}
