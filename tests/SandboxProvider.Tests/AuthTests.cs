using System.Net;
using System.Net.Http.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>Every /v1 call needs X-Merchant-Id and X-Api-Key, and a merchant only ever sees its own payments.</summary>
public sealed class AuthTests : SandboxFixture
{
    private string NotifyUrl => Receiver.UrlFor(CallbackReceiver.NewHook());

    [TestCase(null, null)]
    [TestCase(SandboxApp.MerchantId, null)]
    [TestCase(SandboxApp.MerchantId, "wrong-key")]
    [TestCase(SandboxApp.MerchantId, SandboxApp.RivalApiKey)]
    [TestCase("nobody", SandboxApp.ApiKey)]
    public async Task Create_MissingOrWrongCredentials_Answers401(string? merchantId, string? apiKey)
    {
        using var client = App.CreateClient();
        if (merchantId is not null) client.DefaultRequestHeaders.Add("X-Merchant-Id", merchantId);
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        var response = await client.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(NotifyUrl));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("unauthorized"));
        });
    }

    [TestCase("/v1/sandbox/behaviour")]
    [TestCase("/v1/sandbox/callbacks")]
    [TestCase("/v1/no-such-route")]
    public async Task Get_NoCredentials_Answers401(string path)
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Create_NoCredentialsAndNoBody_Answers401Not400()
    {
        using var client = App.CreateClient();

        var response = await client.PostAsync("/v1/payments", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Get_OtherMerchantsPayment_Answers404()
    {
        var payment = await Merchant.CreatePaymentAsync(NotifyUrl);

        var response = await Rival.GetAsync($"/v1/payments/{payment.ProviderPaymentId}");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("payment-not-found"));
        });
    }

    [Test]
    public async Task PayAndRefund_OtherMerchantsPayment_Answer404AndChangeNothing()
    {
        var payment = await Merchant.CreatePaymentAsync(NotifyUrl);

        var pay = await Rival.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/pay", null);
        (await Merchant.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/pay", null)).EnsureSuccessStatusCode();
        var refund = await Rival.RefundAsync(payment.ProviderPaymentId, 100);

        var after = await Merchant.GetPaymentAsync(payment.ProviderPaymentId);
        Assert.Multiple(() =>
        {
            Assert.That(pay.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(refund.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(after.RefundedAmount, Is.Zero);
        });
    }

    [Test]
    public async Task Health_NoCredentials_AnswersHealthy()
    {
        using var client = App.CreateClient();

        Assert.Multiple(async () =>
        {
            Assert.That(await client.GetStringAsync("/health/live"), Is.EqualTo("Healthy"));
            Assert.That(await client.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
        });
    }
}
