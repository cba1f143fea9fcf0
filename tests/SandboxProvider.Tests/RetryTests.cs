using System.Net.Http.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>A receiver that answers non-2xx gets the same event again with backoff, freshly signed each time.</summary>
public sealed class RetryTests : SandboxFixture
{
    [Test]
    public async Task Callback_ReceiverAnswers500Twice_RetriedAndDeliveredTheThirdTime()
    {
        var hook = CallbackReceiver.NewHook();
        Receiver.FailNext(hook, 2);

        var payment = await Merchant.PaidPaymentAsync(Receiver.UrlFor(hook));

        var delivered = await Receiver.WaitForAsync(hook, 1, TimeSpan.FromSeconds(20));
        var all = Receiver.All(hook);
        var log = await WaitForAttemptsAsync(delivered.Single().EventId, 3);
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(callback => callback.Answered), Is.EqualTo(new[] { 500, 500, 200 }));
            Assert.That(all.Select(callback => callback.EventId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(all.Select(callback => callback.ProviderPaymentId), Has.All.EqualTo(payment.ProviderPaymentId));
            // Backoff 1 s then 2 s, so each attempt has a timestamp (and signature) of its own.
            Assert.That(all.Select(callback => callback.Timestamp).Distinct().Count(), Is.EqualTo(3));
            Assert.That(all[1].ReceivedAt - all[0].ReceivedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)));
            Assert.That(all[2].ReceivedAt - all[1].ReceivedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1900)));
            Assert.That(all, Has.All.Matches<ReceivedCallback>(callback =>
                callback.Signature == ExpectedSignature(SandboxApp.WebhookSecret, callback.Timestamp!, callback.Body)));
            Assert.That(log.Select(attempt => (attempt.Attempt, attempt.StatusCode)), Is.EqualTo(new[] { (3, (int?)200), (2, 500), (1, 500) }),
                "the callback log lists attempts newest first");
        });
    }

    [Test]
    public async Task Callback_ReceiverUnreachable_LoggedWithError()
    {
        // Port 9 (discard) has no listener on these machines, so the connection is refused.
        await Merchant.PaidPaymentAsync("http://127.0.0.1:9/hooks/closed");

        var log = await WaitForClosedHookAttemptAsync();
        Assert.Multiple(() =>
        {
            Assert.That(log.Attempt, Is.EqualTo(1));
            Assert.That(log.StatusCode, Is.Null);
            Assert.That(log.Error, Is.Not.Empty);
            Assert.That(log.Url, Is.EqualTo("http://127.0.0.1:9/hooks/closed"));
        });
    }

    // The sandbox logs an attempt once the receiver's answer is back, which can be a moment after the receiver
    // recorded the request, so the log is read until the attempt shows up.
    private async Task<List<AttemptDto>> WaitForAttemptsAsync(string eventId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var attempts = (await Merchant.GetFromJsonAsync<List<AttemptDto>>("/v1/sandbox/callbacks"))!
                .Where(attempt => attempt.EventId == eventId).ToList();
            if (attempts.Count >= count || DateTime.UtcNow > deadline) return attempts;
            await Task.Delay(50);
        }
    }

    private async Task<AttemptDto> WaitForClosedHookAttemptAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var attempts = (await Merchant.GetFromJsonAsync<List<AttemptDto>>("/v1/sandbox/callbacks"))!;
            var match = attempts.FirstOrDefault(attempt => attempt.Url.Contains("/hooks/closed") && attempt.Type == "payment.succeeded");
            if (match is not null || DateTime.UtcNow > deadline) return match ?? throw new AssertionException("no attempt logged for the closed hook");
            await Task.Delay(50);
        }
    }
}
