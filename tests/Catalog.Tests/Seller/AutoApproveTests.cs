using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>Catalog:AutoApproveListings on (deployments without moderation): submitting lists at once.</summary>
public sealed class AutoApproveTests : CatalogFixture
{
    protected override Dictionary<string, string> Settings => new() { ["Catalog:AutoApproveListings"] = "true" };

    [Test]
    public async Task Submit_AutoApproveOn_ListsAtOnceWithoutReview()
    {
        var (_, shopId, client) = await App.NewMerchantAsync();
        var productId = (await client.CreateProductAsync()).ProductId();

        var response = await client.SubmitAsync(productId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var product = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(product.Status(), Is.EqualTo("listed"));
            Assert.That(product.GetProperty("listedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(product.GetProperty("revision").GetInt32(), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<string>(
                "SELECT body->>'shopId' FROM outbox_messages WHERE message_type LIKE '%.ProductListed,%' AND body->>'productId' = @id",
                new { id = productId.ToString() }), Is.EqualTo(shopId.ToString()));
            Assert.That(await App.OutboxCountAsync("ProductSubmittedForReview", productId), Is.Zero);
        });
    }

    [Test]
    public async Task Update_ListedProduct_Returns409AndChangesNothing()
    {
        var (_, shopId, client) = await App.NewMerchantAsync();
        var productId = (await client.CreateProductAsync()).ProductId();
        await client.SubmitAsync(productId);
        var before = await App.ShopStateAsync(shopId);
        var edit = SellerApi.Product();
        edit["title"] = "偷偷改标题";

        var response = await client.PutAsJsonAsync($"/api/seller/products/{productId}", edit);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(before));
    }
}
