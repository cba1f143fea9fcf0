using System.Net;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>Programmatic pay and decline, and the signed callback each one sends to the notifyUrl.</summary>
public sealed class PayTests : SandboxFixture
{
    [Test]
    public async Task Pay_PendingPayment_SucceedsAndSendsSignedCallback()
    {
        var hook = CallbackReceiver.NewHook();
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook), 1234, "order-pay-1");

        var response = await Merchant.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/pay", null);

        var callback = (await Receiver.WaitForAsync(hook, 1)).Single();
        var json = callback.Json;
        var paid = await Merchant.GetPaymentAsync(payment.ProviderPaymentId);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(paid.Status, Is.EqualTo("succeeded"));
            Assert.That(paid.PaidAt, Is.Not.Null);
            Assert.That(callback.ContentType, Does.StartWith("application/json"));
            Assert.That(callback.Signature, Is.EqualTo(ExpectedSignature(SandboxApp.WebhookSecret, callback.Timestamp!, callback.Body)));
            Assert.That(long.Parse(callback.Timestamp!), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(callback.EventId, Does.Match("^sbx_evt_[0-9a-f]{32}$"));
            Assert.That(callback.Type, Is.EqualTo("payment.succeeded"));
            Assert.That(callback.ProviderPaymentId, Is.EqualTo(payment.ProviderPaymentId));
            Assert.That(json.GetProperty("merchantReference").GetString(), Is.EqualTo("order-pay-1"));
            Assert.That(json.GetProperty("amount").GetInt64(), Is.EqualTo(1234));
            Assert.That(json.GetProperty("currency").GetString(), Is.EqualTo("CNY"));
            Assert.That(json.GetProperty("occurredAt").GetDateTimeOffset(), Is.EqualTo(paid.PaidAt));
            Assert.That(json.TryGetProperty("refund", out _), Is.False);
        });
    }

    [Test]
    public async Task Decline_PendingPayment_FailsAndSendsPaymentFailed()
    {
        var hook = CallbackReceiver.NewHook();
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook));

        var response = await Merchant.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/decline", null);

        var callback = (await Receiver.WaitForAsync(hook, 1)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await Merchant.GetPaymentAsync(payment.ProviderPaymentId)).Status, Is.EqualTo("failed"));
            Assert.That(callback.Type, Is.EqualTo("payment.failed"));
            Assert.That(callback.Signature, Is.EqualTo(ExpectedSignature(SandboxApp.WebhookSecret, callback.Timestamp!, callback.Body)));
        });
    }

    [Test]
    public async Task Pay_OtherMerchant_SignsWithThatMerchantsSecret()
    {
        var hook = CallbackReceiver.NewHook();

        await Rival.PaidPaymentAsync(Receiver.UrlFor(hook));

        var callback = (await Receiver.WaitForAsync(hook, 1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(callback.Signature, Is.EqualTo(ExpectedSignature(SandboxApp.RivalSecret, callback.Timestamp!, callback.Body)));
            Assert.That(callback.Signature, Is.Not.EqualTo(ExpectedSignature(SandboxApp.WebhookSecret, callback.Timestamp!, callback.Body)));
        });
    }

    [TestCase("pay", "pay")]
    [TestCase("pay", "decline")]
    [TestCase("decline", "pay")]
    public async Task Decide_AlreadyDecided_Answers409NotPendingAndSendsNothingMore(string first, string second)
    {
        var hook = CallbackReceiver.NewHook();
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook));
        (await Merchant.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/{first}", null)).EnsureSuccessStatusCode();

        var response = await Merchant.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/{second}", null);

        await Receiver.WaitForAsync(hook, 1);
        await Merchant.WaitForNoOutstandingCallbacksAsync(); // a wrong second callback would have been sent by now
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("not-pending"));
            Assert.That(Receiver.All(hook), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Pay_UnknownPayment_Answers404()
    {
        var response = await Merchant.PostAsync("/v1/payments/sbx_pay_ffffffffffffffffffffffffffffffff/pay", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
