using System.Net;
using System.Net.Http.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>Refunds: only of succeeded payments, never beyond the amount (even concurrently), idempotent per reference.</summary>
public sealed class RefundTests : SandboxFixture
{
    private string NotifyUrl => Receiver.UrlFor(CallbackReceiver.NewHook());

    [Test]
    public async Task Refund_PartOfSucceededPayment_Answers201AndSendsRefundSucceeded()
    {
        var hook = CallbackReceiver.NewHook();
        var payment = await Merchant.PaidPaymentAsync(Receiver.UrlFor(hook), 1000);

        var response = await Merchant.RefundAsync(payment.ProviderPaymentId, 300, "refund-1");

        var refund = await response.Content.ReadFromJsonAsync<RefundDto>();
        var callbacks = await Receiver.WaitForAsync(hook, 2);
        var refundCallback = callbacks.Single(callback => callback.Type == "refund.succeeded").Json;
        var after = await Merchant.GetPaymentAsync(payment.ProviderPaymentId);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(refund!.ProviderRefundId, Does.Match("^sbx_ref_[0-9a-f]{32}$"));
            Assert.That(refund.MerchantRefundReference, Is.EqualTo("refund-1"));
            Assert.That(refund.Amount, Is.EqualTo(300));
            Assert.That(refund.Status, Is.EqualTo("succeeded"));
            Assert.That(after.RefundedAmount, Is.EqualTo(300));
            Assert.That(after.Refunds, Is.EqualTo(new[] { refund }));
            Assert.That(refundCallback.GetProperty("amount").GetInt64(), Is.EqualTo(1000));
            Assert.That(refundCallback.GetProperty("refund").GetProperty("providerRefundId").GetString(), Is.EqualTo(refund.ProviderRefundId));
            Assert.That(refundCallback.GetProperty("refund").GetProperty("merchantRefundReference").GetString(), Is.EqualTo("refund-1"));
            Assert.That(refundCallback.GetProperty("refund").GetProperty("amount").GetInt64(), Is.EqualTo(300));
        });
    }

    [TestCase("pending")]
    [TestCase("decline")]
    public async Task Refund_PaymentNotSucceeded_Answers409NotRefundable(string state)
    {
        var payment = await Merchant.CreatePaymentAsync(NotifyUrl);
        if (state == "decline") (await Merchant.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/decline", null)).EnsureSuccessStatusCode();

        var response = await Merchant.RefundAsync(payment.ProviderPaymentId, 100);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("not-refundable"));
        });
    }

    [Test]
    public async Task Refund_MoreThanLeft_Answers409ExceedsRefundable()
    {
        var payment = await Merchant.PaidPaymentAsync(NotifyUrl, 1000);
        (await Merchant.RefundAsync(payment.ProviderPaymentId, 600)).EnsureSuccessStatusCode();

        var response = await Merchant.RefundAsync(payment.ProviderPaymentId, 401);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("exceeds-refundable"));
            Assert.That((await Merchant.GetPaymentAsync(payment.ProviderPaymentId)).RefundedAmount, Is.EqualTo(600));
        });
    }

    [Test]
    public async Task Refund_RestOfPayment_Answers201()
    {
        var payment = await Merchant.PaidPaymentAsync(NotifyUrl, 1000);
        (await Merchant.RefundAsync(payment.ProviderPaymentId, 600)).EnsureSuccessStatusCode();

        var response = await Merchant.RefundAsync(payment.ProviderPaymentId, 400);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await Merchant.GetPaymentAsync(payment.ProviderPaymentId)).RefundedAmount, Is.EqualTo(1000));
        });
    }

    [Test]
    public async Task Refund_SameReferenceSameAmount_Answers200WithFirstRefundAndRefundsOnce()
    {
        var hook = CallbackReceiver.NewHook();
        var payment = await Merchant.PaidPaymentAsync(Receiver.UrlFor(hook), 1000);
        var first = await (await Merchant.RefundAsync(payment.ProviderPaymentId, 300, "refund-again")).Content.ReadFromJsonAsync<RefundDto>();

        var again = await Merchant.RefundAsync(payment.ProviderPaymentId, 300, "refund-again");

        await Receiver.WaitForAsync(hook, 2);
        await Merchant.WaitForNoOutstandingCallbacksAsync(); // a wrong second refund callback would have been sent by now
        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await again.Content.ReadFromJsonAsync<RefundDto>(), Is.EqualTo(first));
            Assert.That((await Merchant.GetPaymentAsync(payment.ProviderPaymentId)).RefundedAmount, Is.EqualTo(300));
            Assert.That(Receiver.All(hook).Count(callback => callback.Type == "refund.succeeded"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Refund_SameReferenceOtherAmount_Answers409ReferenceReused()
    {
        var payment = await Merchant.PaidPaymentAsync(NotifyUrl, 1000);
        (await Merchant.RefundAsync(payment.ProviderPaymentId, 300, "refund-reused")).EnsureSuccessStatusCode();

        var again = await Merchant.RefundAsync(payment.ProviderPaymentId, 200, "refund-reused");

        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await again.ErrorAsync()).Code, Is.EqualTo("reference-reused"));
        });
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    public async Task Refund_AmountNotPositive_Answers400(long amount)
    {
        var payment = await Merchant.PaidPaymentAsync(NotifyUrl, 1000);

        var response = await Merchant.RefundAsync(payment.ProviderPaymentId, amount);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Refund_TwentyConcurrentRefunds_NeverExceedThePayment()
    {
        var payment = await Merchant.PaidPaymentAsync(NotifyUrl, 1000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Merchant.RefundAsync(payment.ProviderPaymentId, 150))));

        var after = await Merchant.GetPaymentAsync(payment.ProviderPaymentId);
        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(response => response.StatusCode == HttpStatusCode.Created), Is.EqualTo(6));
            Assert.That(responses.Count(response => response.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(14));
            Assert.That(after.RefundedAmount, Is.EqualTo(900));
            Assert.That(after.Refunds, Has.Count.EqualTo(6));
        });
    }
}
