using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.PaymentAdapter.Reconciliation;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>A callback that never arrives: reconciliation asks the provider and applies the answer once.</summary>
public sealed class ReconciliationTests : PaymentFixture
{
    // Callbacks held for a minute stand in for lost ones; the job runs on demand (its timer is set far apart).
    protected override Dictionary<string, string> Settings => new()
    {
        ["Payment:ReconcileAfterSeconds"] = "5",
        ["Payment:ReconcileIntervalSeconds"] = "3600",
    };

    [Test]
    public async Task RunOnce_PaidButCallbackLate_SucceededWithOneEvent()
    {
        await App.Sandbox.BehaveAsync(delayMs: 60_000);
        var payment = await App.CreateAsync(4_200);
        await App.Sandbox.PayAsync(await App.ProviderIdAsync(payment.PaymentId));
        var paymentId = Guid.Parse(payment.PaymentId);
        await App.ExecuteAsync("UPDATE payments SET created_at = created_at - interval '1 minute', next_check_at = now() - interval '1 second' WHERE id = @paymentId",
            new { paymentId });
        var job = App.Services.GetRequiredService<ReconciliationJob>();

        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await App.StatusAsync(payment.PaymentId), Is.EqualTo("succeeded"));
            Assert.That(await App.EventsAsync("PaymentSucceeded", paymentId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RunOnce_ProviderDownAtCreate_CreatedLaterAndThenPaid()
    {
        await App.Sandbox.BehaveAsync(failNextApiCalls: 10);
        var orderId = Guid.CreateVersion7();
        var failed = Assert.ThrowsAsync<Grpc.Core.RpcException>(() => App.CreateAsync(3_300, orderId));
        await App.Sandbox.BehaveAsync();
        var paymentId = await App.ScalarAsync<Guid>("SELECT id FROM payments WHERE order_id = @orderId", new { orderId });
        await App.ExecuteAsync("UPDATE payments SET created_at = created_at - interval '1 minute' WHERE id = @paymentId", new { paymentId });
        var job = App.Services.GetRequiredService<ReconciliationJob>();

        await job.RunOnceAsync(CancellationToken.None);

        var providerId = await App.ProviderIdAsync(paymentId.ToString());
        await App.Sandbox.PayAsync(providerId);
        await App.WaitForStatusAsync(paymentId.ToString(), "succeeded");
        Assert.Multiple(async () =>
        {
            Assert.That(failed!.StatusCode, Is.EqualTo(Grpc.Core.StatusCode.Unavailable), "the caller was told to retry");
            Assert.That(providerId, Does.StartWith("sbx_pay_"));
            Assert.That(await App.EventsAsync("PaymentSucceeded", paymentId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RunOnce_StillPendingAtProvider_StaysPending()
    {
        var payment = await App.CreateAsync(4_200);
        await App.ExecuteAsync("UPDATE payments SET created_at = created_at - interval '1 minute' WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) });

        await App.Services.GetRequiredService<ReconciliationJob>().RunOnceAsync(CancellationToken.None);

        Assert.That(await App.StatusAsync(payment.PaymentId), Is.EqualTo("pending"));
    }
}
