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
    public async Task RunOnce_StillPendingAtProvider_StaysPending()
    {
        var payment = await App.CreateAsync(4_200);
        await App.ExecuteAsync("UPDATE payments SET created_at = created_at - interval '1 minute' WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) });

        await App.Services.GetRequiredService<ReconciliationJob>().RunOnceAsync(CancellationToken.None);

        Assert.That(await App.StatusAsync(payment.PaymentId), Is.EqualTo("pending"));
    }
}
