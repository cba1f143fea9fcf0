using System.Net;
using System.Net.Http.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>Merchant secrets come only from configuration; outside Development none are shipped.</summary>
public sealed class StartupTests
{
    [Test]
    public void Start_ProductionWithoutMerchants_RefusesWithClearMessage()
    {
        using var app = new SandboxApp("Production");

        var failure = Assert.Catch(() => app.CreateClient());

        Assert.That(failure!.GetBaseException().Message, Does.Contain("No sandbox merchant is configured").And.Contain("Sandbox__Merchants__"));
    }

    [Test]
    public void Start_MerchantWithoutWebhookSecret_Refuses()
    {
        using var app = new SandboxApp("Production", new() { ["Sandbox:Merchants:shop:ApiKey"] = "k" });

        var failure = Assert.Catch(() => app.CreateClient());

        Assert.That(failure!.GetBaseException().Message, Does.Contain("WebhookSecret"));
    }

    [Test]
    public async Task Start_ProductionWithConfiguredMerchant_ServesOnlyThatMerchant()
    {
        await using var app = new SandboxApp("Production", new()
        {
            ["Sandbox:Merchants:shop:ApiKey"] = "prod-like-key",
            ["Sandbox:Merchants:shop:WebhookSecret"] = "prod-like-secret",
        });
        using var configured = app.Client("shop", "prod-like-key");
        using var development = app.Client();

        var created = await configured.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment("https://adapter.example/webhooks/sandbox"));
        var refused = await development.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment("https://adapter.example/webhooks/sandbox"));

        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the development merchant exists only in Development");
        });
    }
}
