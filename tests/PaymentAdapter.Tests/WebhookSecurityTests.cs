using System.Net;
using System.Text;
using System.Text.Json;
using SocialCommerce.PaymentAdapter.Providers;
using SocialCommerce.ServiceDefaults.Security;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>Forged, stale, replayed and mismatched callbacks change nothing; a genuine one is applied once.</summary>
public sealed class WebhookSecurityTests : PaymentFixture
{
    private static string Callback(string paymentId, string providerPaymentId, long amount, string type = "payment.succeeded", string? eventId = null) =>
        JsonSerializer.Serialize(new
        {
            eventId = eventId ?? $"sbx_evt_{Guid.NewGuid():N}", type, providerPaymentId, merchantReference = paymentId, amount, currency = "CNY",
            occurredAt = DateTimeOffset.UtcNow,
        });

    private async Task<HttpResponseMessage> PostAsync(string body, string secret = SandboxProcess.WebhookSecret, long? timestamp = null, string? signature = null)
    {
        using var http = App.Http();
        var at = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payment/webhooks/sandbox")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Sandbox-Timestamp", at.ToString());
        request.Headers.Add("X-Sandbox-Signature", signature ?? WebhookSignature.Sign(secret, at, body));
        return await http.SendAsync(request);
    }

    private Task<string> StateAsync(string paymentId) =>
        App.ScalarAsync<string>(
            "SELECT status || (SELECT count(*) FROM outbox_messages)::text || (SELECT count(*) FROM webhook_events)::text FROM payments WHERE id = @id",
            new { id = Guid.Parse(paymentId) });

    [Test]
    public async Task Webhook_Genuine_AppliedAndItsReplayIgnored()
    {
        var payment = await App.CreateAsync(8_800);
        var body = Callback(payment.PaymentId, await App.ProviderIdAsync(payment.PaymentId), 8_800);

        var first = await PostAsync(body);
        var replay = await PostAsync(body);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a duplicate is acknowledged");
        Assert.Multiple(async () =>
        {
            Assert.That(await replay.Content.ReadAsStringAsync(), Does.Contain("duplicate"));
            Assert.That(await App.StatusAsync(payment.PaymentId), Is.EqualTo("succeeded"));
            Assert.That(await App.EventsAsync("PaymentSucceeded", Guid.Parse(payment.PaymentId)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Webhook_SignedWithAnotherSecret_401AndNothingChanged()
    {
        var payment = await App.CreateAsync(8_800);
        var before = await StateAsync(payment.PaymentId);

        var response = await PostAsync(Callback(payment.PaymentId, await App.ProviderIdAsync(payment.PaymentId), 8_800), secret: "an-attacker-guessed-this");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(await StateAsync(payment.PaymentId), Is.EqualTo(before));
    }

    [Test]
    public async Task Webhook_TimestampOutsideWindow_401AndNothingChanged()
    {
        var payment = await App.CreateAsync(8_800);
        var before = await StateAsync(payment.PaymentId);

        var response = await PostAsync(Callback(payment.PaymentId, await App.ProviderIdAsync(payment.PaymentId), 8_800),
            timestamp: DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(await StateAsync(payment.PaymentId), Is.EqualTo(before));
    }

    [Test]
    public async Task Webhook_MissingSignature_401()
    {
        var payment = await App.CreateAsync(8_800);

        var response = await PostAsync(Callback(payment.PaymentId, await App.ProviderIdAsync(payment.PaymentId), 8_800), signature: "");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Webhook_WrongAmount_400NothingChangedAndCounted()
    {
        var payment = await App.CreateAsync(8_800);
        var before = await StateAsync(payment.PaymentId);

        var response = await PostAsync(Callback(payment.PaymentId, await App.ProviderIdAsync(payment.PaymentId), 1));
        var metrics = await App.Http().GetStringAsync("/metrics");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(await StateAsync(payment.PaymentId), Is.EqualTo(before));
            Assert.That(metrics, Does.Match(@"socialcommerce_payment_webhooks_total\{[^}]*outcome=""amount-mismatch"""));
        });
    }

    [Test]
    public async Task Webhook_UnknownPaymentOrProvider_404()
    {
        var unknown = await PostAsync(Callback(Guid.CreateVersion7().ToString(), "sbx_pay_unknown", 100));
        using var http = App.Http();
        var otherProvider = await http.PostAsync("/api/payment/webhooks/alipay", new StringContent("{}", Encoding.UTF8, "application/json"));

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await otherProvider.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Webhook_RefundCallbackWithAnotherAmount_400AndRefundStaysAsItWas()
    {
        var payment = await App.PaidAsync(8_800);
        var providerId = await App.ProviderIdAsync(payment.PaymentId);
        var refundId = Guid.CreateVersion7();
        await App.ExecuteAsync(
            """
            UPDATE payments SET refund_committed = 1000, status = 'succeeded' WHERE id = @paymentId;
            INSERT INTO refunds (id, payment_id, amount, reason, status, created_at, next_check_at)
            VALUES (@refundId, @paymentId, 1000, 'test', 'pending', now(), now() + interval '1 hour');
            """,
            new { paymentId = Guid.Parse(payment.PaymentId), refundId });
        var body = JsonSerializer.Serialize(new
        {
            eventId = $"sbx_evt_{Guid.NewGuid():N}", type = "refund.succeeded", providerPaymentId = providerId, merchantReference = payment.PaymentId,
            amount = 8_800, currency = "CNY", refund = new { providerRefundId = "sbx_ref_x", merchantRefundReference = refundId.ToString(), amount = 8_800 },
        });

        var response = await PostAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<string>("SELECT status FROM refunds WHERE id = @refundId", new { refundId }), Is.EqualTo("pending"));
            Assert.That(await App.ScalarAsync<long>("SELECT refunded_amount FROM payments WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) }), Is.Zero);
        });
    }

    [Test]
    public async Task Webhook_PaymentWhoseProviderIdWasNeverStored_AppliedAndIdRecorded()
    {
        var payment = await App.CreateAsync(8_800);
        var providerId = await App.ProviderIdAsync(payment.PaymentId);
        await App.ExecuteAsync("UPDATE payments SET provider_payment_id = NULL WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) });

        var response = await PostAsync(Callback(payment.PaymentId, providerId, 8_800));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(async () =>
        {
            Assert.That(await App.StatusAsync(payment.PaymentId), Is.EqualTo("succeeded"));
            Assert.That(await App.ProviderIdAsync(payment.PaymentId), Is.EqualTo(providerId));
        });
    }

    [Test]
    public async Task Webhook_FailureAfterSuccess_SuccessStands()
    {
        var payment = await App.CreateAsync(8_800);
        var providerId = await App.ProviderIdAsync(payment.PaymentId);
        Assert.That((await PostAsync(Callback(payment.PaymentId, providerId, 8_800))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var late = await PostAsync(Callback(payment.PaymentId, providerId, 8_800, "payment.failed"));

        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(async () =>
        {
            Assert.That(await App.StatusAsync(payment.PaymentId), Is.EqualTo("succeeded"));
            Assert.That(await App.EventsAsync("PaymentFailed", Guid.Parse(payment.PaymentId)), Is.Zero);
        });
    }
}
