using System.Net;
using System.Text;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// Step [4] so far through the gateway: the provider webhook is public but trusted only by its signature; the
/// payment read API needs a token and shows only the payer's own payments.
/// </summary>
public sealed class PaymentEdgeTests
{
    [Test]
    public async Task Webhook_ForgedThroughGateway_401()
    {
        using var anonymous = GatewayClient.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payment/webhooks/sandbox")
        {
            Content = new StringContent(
                $$"""{"eventId":"sbx_evt_forged","type":"payment.succeeded","providerPaymentId":"sbx_pay_x","merchantReference":"{{Guid.CreateVersion7()}}","amount":1,"currency":"CNY"}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Sandbox-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString());
        request.Headers.Add("X-Sandbox-Signature", "v1=" + new string('0', 64));

        var problem = await (await anonymous.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Refused by the adapter's signature check, not by the edge: the webhook route is public at the gateway.
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("bad-signature"));
    }

    [Test]
    public async Task Payment_WithoutToken401_UnknownOrSomeoneElses404()
    {
        using var anonymous = GatewayClient.Create();
        var shopper = await GatewayClient.SignInAsync("13800000001", "Shopper2026!demo");
        using var signedIn = GatewayClient.Create(shopper.AccessToken);

        await (await anonymous.GetAsync($"/api/payment/payments/{Guid.CreateVersion7()}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await signedIn.GetAsync($"/api/payment/payments/{Guid.CreateVersion7()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
