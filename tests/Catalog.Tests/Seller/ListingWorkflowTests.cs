using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.Contracts.Events.Moderation;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>draft → pending-review → listed or rejected, with moderation's decisions arriving through the bus.</summary>
public sealed class ListingWorkflowTests : CatalogFixture
{
    [OneTimeSetUp]
    public Task WaitForBus() => App.WaitForBusAsync();

    private async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid productId, string status) =>
        await Eventually.WaitForAsync(() => client.GetProductAsync(productId), product => product.Status() == status);

    private Task<long> ApprovalsHandledAsync() =>
        App.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE consumer = 'ContentApprovedConsumer'");

    private async Task<(HttpClient Client, Guid ProductId)> PendingProductAsync()
    {
        var (_, _, client) = await App.NewMerchantAsync();
        var productId = (await client.CreateProductAsync()).ProductId();
        Assert.That((await client.SubmitAsync(productId)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (client, productId);
    }

    [Test]
    public async Task Submit_Draft_Returns202PendingReviewAndPublishesSubmittedForReview()
    {
        var (merchantId, shopId, client) = await App.NewMerchantAsync();
        var productId = (await client.CreateProductAsync()).ProductId();

        var response = await client.SubmitAsync(productId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var product = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(product.Status(), Is.EqualTo("pending-review"));
            Assert.That(product.GetProperty("revision").GetInt32(), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<string>(
                """
                SELECT concat_ws(',', body->>'revision', body->>'shopId', body->>'merchantId', body->>'title') FROM outbox_messages
                WHERE message_type LIKE '%.ProductSubmittedForReview,%' AND body->>'productId' = @id
                """, new { id = productId.ToString() }),
                Is.EqualTo($"1,{shopId},{merchantId},纯棉短袖T恤"));
            Assert.That(await App.OutboxCountAsync("ProductListed", productId), Is.Zero);
        });
    }

    [Test]
    public async Task Submit_PendingOrListed_Returns409AndChangesNothing()
    {
        var (client, productId) = await PendingProductAsync();
        var shopId = await App.ScalarAsync<Guid>("SELECT shop_id FROM products WHERE id = @productId", new { productId });
        var beforePending = await App.ShopStateAsync(shopId);
        var whilePending = await client.SubmitAsync(productId);
        var afterPending = await App.ShopStateAsync(shopId);
        await App.Publish(new ContentApproved("product", productId, 1, null, DateTimeOffset.UtcNow));
        await WaitForStatusAsync(client, productId, "listed");
        var beforeListed = await App.ShopStateAsync(shopId);

        var whileListed = await client.SubmitAsync(productId);

        await whilePending.AssertProblemAsync(HttpStatusCode.Conflict);
        await whileListed.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(afterPending, Is.EqualTo(beforePending));
            Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(beforeListed));
        });
    }

    [Test]
    public async Task ContentApproved_CurrentRevision_ListsAndPublishesProductListed()
    {
        var (client, productId) = await PendingProductAsync();

        await App.Publish(new ContentApproved("product", productId, 1, Guid.CreateVersion7(), DateTimeOffset.UtcNow));

        var product = await WaitForStatusAsync(client, productId, "listed");
        var listedEvents = await Eventually.WaitForAsync(() => App.OutboxCountAsync("ProductListed", productId), n => n > 0);
        Assert.Multiple(async () =>
        {
            Assert.That(product.Status(), Is.EqualTo("listed"));
            Assert.That(product.GetProperty("listedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(listedEvents, Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>(
                "SELECT (body->>'minPrice')::bigint FROM outbox_messages WHERE message_type LIKE '%.ProductListed,%' AND body->>'productId' = @id",
                new { id = productId.ToString() }), Is.EqualTo(1899));
        });
    }

    [Test]
    public async Task ContentApproved_StaleRevision_IsIgnored()
    {
        var (client, productId) = await PendingProductAsync();
        // Reject revision 1, then resubmit: revision 2 is pending, and a late approval of revision 1 must not list it.
        await App.Publish(new ContentRejected("product", productId, 1, null, ["含有绝对化用语"], DateTimeOffset.UtcNow));
        await WaitForStatusAsync(client, productId, "rejected");
        Assert.That((await client.SubmitAsync(productId)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var handledBefore = await ApprovalsHandledAsync();

        await App.Publish(new ContentApproved("product", productId, 1, null, DateTimeOffset.UtcNow));

        Assert.That(await Eventually.WaitForAsync(ApprovalsHandledAsync, n => n > handledBefore), Is.GreaterThan(handledBefore),
            "the stale approval was consumed");
        var product = await client.GetProductAsync(productId);
        Assert.Multiple(async () =>
        {
            Assert.That(product.Status(), Is.EqualTo("pending-review"));
            Assert.That(product.GetProperty("revision").GetInt32(), Is.EqualTo(2));
            Assert.That(await App.OutboxCountAsync("ProductListed", productId), Is.Zero);
        });
    }

    [Test]
    public async Task ContentApproved_OtherContentType_IsIgnored()
    {
        var (client, productId) = await PendingProductAsync();

        var messageId = Guid.NewGuid();
        await App.Publish(new ContentApproved("post", productId, 1, null, DateTimeOffset.UtcNow), messageId);
        await App.Services.GetRequiredService<ConsumedMessages>().WaitForAsync(messageId);

        Assert.That((await client.GetProductAsync(productId)).Status(), Is.EqualTo("pending-review"));
    }

    [Test]
    public async Task ContentRejected_ShowsReasons_ProductCanBeEditedAndResubmitted()
    {
        var (client, productId) = await PendingProductAsync();

        await App.Publish(new ContentRejected("product", productId, 1, null, ["标题含有“最好”等绝对化用语"], DateTimeOffset.UtcNow));

        var rejected = await WaitForStatusAsync(client, productId, "rejected");
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/seller/products?status=rejected");
        var edit = SellerApi.Product();
        edit["title"] = "纯棉短袖T恤（舒适款）";
        var put = await client.PutAsJsonAsync($"/api/seller/products/{productId}", edit);
        var resubmit = await client.SubmitAsync(productId);
        var resubmitted = await resubmit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(rejected.GetProperty("moderationReasons").EnumerateArray().Select(r => r.GetString()),
                Is.EqualTo(new[] { "标题含有“最好”等绝对化用语" }));
            Assert.That(listed.GetProperty("items")[0].GetProperty("moderationReasons").GetArrayLength(), Is.EqualTo(1));
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(resubmit.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(resubmitted.Status(), Is.EqualTo("pending-review"));
            // The edit made revision 2 (new copy), the submission revision 3.
            Assert.That(resubmitted.GetProperty("revision").GetInt32(), Is.EqualTo(3));
            Assert.That(await App.ScalarAsync<string>(
                """
                SELECT body->>'title' FROM outbox_messages
                WHERE message_type LIKE '%.ProductSubmittedForReview,%' AND body->>'productId' = @id AND body->>'revision' = '3'
                """, new { id = productId.ToString() }), Is.EqualTo("纯棉短袖T恤（舒适款）"));
        });
    }

    [Test]
    public async Task ContentHeldForReview_CurrentRevision_ShowsReasonsAndCaseWhileStillPending()
    {
        var (client, productId) = await PendingProductAsync();
        var caseId = Guid.CreateVersion7();

        await App.Publish(new ContentHeldForReview("product", productId, 1, caseId, ["title: \"加微信\" (contact) at 4, length 3"], DateTimeOffset.UtcNow));

        var held = await Eventually.WaitForAsync(() => client.GetProductAsync(productId),
            product => product.GetProperty("moderationCaseId").ValueKind == JsonValueKind.String);
        Assert.Multiple(() =>
        {
            Assert.That(held.Status(), Is.EqualTo("pending-review"));
            Assert.That(held.GetProperty("moderationCaseId").GetGuid(), Is.EqualTo(caseId));
            Assert.That(held.GetProperty("moderationReasons")[0].GetString(), Does.Contain("加微信"));
        });
    }

    [Test]
    public async Task ContentApproved_RejectedRevisionOnAppeal_Lists()
    {
        var (client, productId) = await PendingProductAsync();
        var caseId = Guid.CreateVersion7();
        await App.Publish(new ContentRejected("product", productId, 1, caseId, ["title: \"国家级\" (advertising-law) at 0, length 3"], DateTimeOffset.UtcNow));
        var rejected = await WaitForStatusAsync(client, productId, "rejected");

        await App.Publish(new ContentApproved("product", productId, 1, caseId, DateTimeOffset.UtcNow));

        var listed = await WaitForStatusAsync(client, productId, "listed");
        Assert.Multiple(() =>
        {
            Assert.That(rejected.GetProperty("moderationCaseId").GetGuid(), Is.EqualTo(caseId));
            Assert.That(listed.GetProperty("moderationReasons").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task ContentApproved_RejectedThenEdited_IsIgnored()
    {
        var (client, productId) = await PendingProductAsync();
        await App.Publish(new ContentRejected("product", productId, 1, Guid.CreateVersion7(), ["不合规"], DateTimeOffset.UtcNow));
        await WaitForStatusAsync(client, productId, "rejected");
        var edit = SellerApi.Product();
        edit["title"] = "改过但未审核的标题";
        Assert.That((await client.PutAsJsonAsync($"/api/seller/products/{productId}", edit)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var handledBefore = await ApprovalsHandledAsync();

        // The appeal approved revision 1; the copy on the product is no longer what was judged.
        await App.Publish(new ContentApproved("product", productId, 1, null, DateTimeOffset.UtcNow));

        await Eventually.WaitForAsync(ApprovalsHandledAsync, n => n > handledBefore);
        var product = await client.GetProductAsync(productId);
        Assert.Multiple(async () =>
        {
            Assert.That(product.Status(), Is.EqualTo("rejected"));
            Assert.That(product.GetProperty("revision").GetInt32(), Is.EqualTo(2));
            Assert.That(await App.OutboxCountAsync("ProductListed", productId), Is.Zero);
        });
    }

    [Test]
    public async Task Delist_Listed_DelistsPublishesAndCanBeResubmitted()
    {
        var (client, productId) = await PendingProductAsync();
        await App.Publish(new ContentApproved("product", productId, 1, null, DateTimeOffset.UtcNow));
        await WaitForStatusAsync(client, productId, "listed");

        var delist = await client.PostAsync($"/api/seller/products/{productId}/delist", null);
        var delistAgain = await client.PostAsync($"/api/seller/products/{productId}/delist", null);
        var edit = await client.PutAsJsonAsync($"/api/seller/products/{productId}", SellerApi.Product());
        var relist = await client.SubmitAsync(productId);

        Assert.That(delist.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await delist.Content.ReadFromJsonAsync<JsonElement>()).Status(), Is.EqualTo("delisted"));
        await delistAgain.AssertProblemAsync(HttpStatusCode.Conflict);
        await edit.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(await App.OutboxCountAsync("ProductDelisted", productId), Is.EqualTo(1));
            Assert.That(relist.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That((await client.GetProductAsync(productId)).Status(), Is.EqualTo("pending-review"));
        });
    }

    [Test]
    public async Task Delist_Draft_Returns409()
    {
        var (_, _, client) = await App.NewMerchantAsync();
        var productId = (await client.CreateProductAsync()).ProductId();

        await (await client.PostAsync($"/api/seller/products/{productId}/delist", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That((await client.GetProductAsync(productId)).Status(), Is.EqualTo("draft"));
    }
}
