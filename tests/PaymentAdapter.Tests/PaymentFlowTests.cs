using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using SocialCommerce.Contracts.Payment.V1;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>CreatePayment over gRPC, the payer paying or declining at the sandbox, and the callbacks applied once.</summary>
public sealed class PaymentFlowTests : PaymentFixture
{
    [Test]
    public async Task CreatePayment_NewOrder_PendingWithSandboxPayUrl()
    {
        var payment = await App.CreateAsync(12_900);

        Assert.Multiple(async () =>
        {
            Assert.That(payment.Status, Is.EqualTo("pending"));
            Assert.That(payment.PayUrl, Does.StartWith($"{App.Sandbox.Url}/pay/sbx_pay_"));
            Assert.That(payment.Amount.Amount, Is.EqualTo(12_900));
            Assert.That(await App.ProviderIdAsync(payment.PaymentId), Does.StartWith("sbx_pay_"));
        });
    }

    [Test]
    public async Task CreatePayment_SameOrderTwentyTimesAtOnce_OnePayment()
    {
        var orderId = Guid.CreateVersion7();
        var userId = Guid.CreateVersion7();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => App.CreateAsync(5_000, orderId, userId)));

        Assert.Multiple(async () =>
        {
            Assert.That(replies.Select(r => r.PaymentId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM payments WHERE order_id = @orderId", new { orderId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CreatePayment_SameOrderOtherAmount_InvalidArgument()
    {
        var orderId = Guid.CreateVersion7();
        var userId = Guid.CreateVersion7();
        await App.CreateAsync(5_000, orderId, userId);

        var exception = Assert.ThrowsAsync<RpcException>(() => App.CreateAsync(6_000, orderId, userId));

        Assert.That(exception!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [TestCase(0, "CNY")]
    [TestCase(-5, "CNY")]
    [TestCase(100, "USD")]
    public void CreatePayment_BadAmount_InvalidArgument(long amount, string currency)
    {
        var exception = Assert.ThrowsAsync<RpcException>(() => App.Payments.CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = Guid.CreateVersion7().ToString(), UserId = Guid.CreateVersion7().ToString(),
            Amount = new Money { Amount = amount, Currency = currency }, Description = "x",
        }).ResponseAsync);

        Assert.That(exception!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public async Task Pay_AtSandbox_SucceededWithOnePaymentSucceededEvent()
    {
        var payment = await App.PaidAsync();

        await App.Sandbox.WaitForNoOutstandingCallbacksAsync(); // every callback the provider owed has arrived
        Assert.That(await App.EventsAsync("PaymentSucceeded", Guid.Parse(payment.PaymentId)), Is.EqualTo(1));
    }

    [Test]
    public async Task Pay_CallbacksTripledAndReordered_ExactlyOnePaymentSucceeded()
    {
        await App.Sandbox.BehaveAsync(copies: 3, reorder: true);
        var payment = await App.CreateAsync();

        await App.Sandbox.PayAsync(await App.ProviderIdAsync(payment.PaymentId));
        await App.WaitForStatusAsync(payment.PaymentId, "succeeded");
        var deliveries = await Eventually.WaitForAsync(async () => (await App.Sandbox.CallbacksAsync()).EnumerateArray()
                .Count(c => c.GetProperty("statusCode").ValueKind == JsonValueKind.Number && c.GetProperty("statusCode").GetInt32() == 200),
            n => n >= 3, TimeSpan.FromSeconds(20));

        Assert.Multiple(async () =>
        {
            Assert.That(deliveries, Is.GreaterThanOrEqualTo(3), "the sandbox delivered every copy");
            Assert.That(await App.EventsAsync("PaymentSucceeded", Guid.Parse(payment.PaymentId)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Decline_AtSandbox_FailedWithPaymentFailedAndANewPaymentMayFollow()
    {
        var orderId = Guid.CreateVersion7();
        var userId = Guid.CreateVersion7();
        var payment = await App.CreateAsync(3_000, orderId, userId);

        await App.Sandbox.PayAsync(await App.ProviderIdAsync(payment.PaymentId), decline: true);
        await App.WaitForStatusAsync(payment.PaymentId, "failed");
        var retry = await App.CreateAsync(3_000, orderId, userId);

        Assert.Multiple(async () =>
        {
            Assert.That(await App.EventsAsync("PaymentFailed", Guid.Parse(payment.PaymentId)), Is.EqualTo(1));
            Assert.That(retry.PaymentId, Is.Not.EqualTo(payment.PaymentId));
            Assert.That(retry.Status, Is.EqualTo("pending"));
        });
    }

    [Test]
    public async Task GetPayment_Payer200_OthersAnd404()
    {
        var userId = Guid.CreateVersion7();
        var payment = await App.CreateAsync(userId: userId);
        using var payer = App.Http(App.Tokens.For(userId));
        using var stranger = App.Http(App.Tokens.For(Guid.CreateVersion7()));
        using var anonymous = App.Http();

        var own = await payer.GetFromJsonAsync<JsonElement>($"/api/payment/payments/{payment.PaymentId}");

        Assert.Multiple(() =>
        {
            Assert.That(own.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(own.GetProperty("amount").GetProperty("amount").GetInt64(), Is.EqualTo(12_900));
        });
        await (await stranger.GetAsync($"/api/payment/payments/{payment.PaymentId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/api/payment/payments/{payment.PaymentId}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
