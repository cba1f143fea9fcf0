using System.Net;
using System.Net.Http.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>Fault injection per merchant: duplicated, reordered and delayed callbacks, and 500s from the API.</summary>
public sealed class BehaviourTests : SandboxFixture
{
    [Test]
    public async Task Get_NothingSet_AnswersDefaults()
    {
        var behaviour = await Merchant.GetFromJsonAsync<BehaviourDto>("/v1/sandbox/behaviour");

        Assert.That(behaviour, Is.EqualTo(new BehaviourDto(0, 1, false, 0)));
    }

    [Test]
    public async Task Put_ThenDelete_StoresPerMerchantAndResets()
    {
        var put = await Merchant.PutAsJsonAsync("/v1/sandbox/behaviour", new BehaviourDto(250, 2, true, 0));

        var stored = await Merchant.GetFromJsonAsync<BehaviourDto>("/v1/sandbox/behaviour");
        var rivals = await Rival.GetFromJsonAsync<BehaviourDto>("/v1/sandbox/behaviour");
        var deleted = await Merchant.DeleteAsync("/v1/sandbox/behaviour");
        var afterDelete = await Merchant.GetFromJsonAsync<BehaviourDto>("/v1/sandbox/behaviour");
        Assert.Multiple(async () =>
        {
            Assert.That(await put.Content.ReadFromJsonAsync<BehaviourDto>(), Is.EqualTo(new BehaviourDto(250, 2, true, 0)));
            Assert.That(stored, Is.EqualTo(new BehaviourDto(250, 2, true, 0)));
            Assert.That(rivals, Is.EqualTo(new BehaviourDto(0, 1, false, 0)));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterDelete, Is.EqualTo(new BehaviourDto(0, 1, false, 0)));
        });
    }

    [TestCase(-1, 1, 0, "callbackDelayMs")]
    [TestCase(60_001, 1, 0, "callbackDelayMs")]
    [TestCase(0, 0, 0, "callbackCopies")]
    [TestCase(0, 6, 0, "callbackCopies")]
    [TestCase(0, 1, -1, "failNextApiCalls")]
    public async Task Put_OutOfRange_Answers400AndKeepsBehaviour(int delay, int copies, int failNext, string field)
    {
        var response = await Merchant.PutAsJsonAsync("/v1/sandbox/behaviour", new BehaviourDto(delay, copies, false, failNext));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.ErrorAsync()).Message, Does.Contain(field));
            Assert.That(await Merchant.GetFromJsonAsync<BehaviourDto>("/v1/sandbox/behaviour"), Is.EqualTo(new BehaviourDto(0, 1, false, 0)));
        });
    }

    [Test]
    public async Task Pay_ThreeCopies_DeliversThreeTimesWithOneEventIdAndValidSignatures()
    {
        var hook = CallbackReceiver.NewHook();
        await Merchant.SetBehaviourAsync(new { callbackCopies = 3 });

        await Merchant.PaidPaymentAsync(Receiver.UrlFor(hook));

        var callbacks = await Receiver.WaitForAsync(hook, 3);
        await Merchant.WaitForNoOutstandingCallbacksAsync(); // a wrong fourth copy would have been sent by now
        Assert.Multiple(() =>
        {
            Assert.That(Receiver.All(hook), Has.Count.EqualTo(3));
            Assert.That(callbacks.Select(callback => callback.EventId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(callbacks.Select(callback => callback.Body).Distinct().Count(), Is.EqualTo(1));
            Assert.That(callbacks, Has.All.Matches<ReceivedCallback>(callback =>
                callback.Signature == ExpectedSignature(SandboxApp.WebhookSecret, callback.Timestamp!, callback.Body)));
        });
    }

    [Test]
    public async Task Pay_ReorderOn_DeliversLaterEventFirst()
    {
        var hook = CallbackReceiver.NewHook();
        await Merchant.SetBehaviourAsync(new { reorderCallbacks = true });
        var first = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook));
        var second = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook));

        (await Merchant.PostAsync($"/v1/payments/{first.ProviderPaymentId}/pay", null)).EnsureSuccessStatusCode();
        (await Merchant.PostAsync($"/v1/payments/{second.ProviderPaymentId}/pay", null)).EnsureSuccessStatusCode();

        var callbacks = await Receiver.WaitForAsync(hook, 2);
        Assert.That(callbacks.Select(callback => callback.ProviderPaymentId), Is.EqualTo(new[] { second.ProviderPaymentId, first.ProviderPaymentId }));
    }

    [Test]
    public async Task PayThenRefund_ReorderOn_DeliversRefundBeforePayment()
    {
        var hook = CallbackReceiver.NewHook();
        await Merchant.SetBehaviourAsync(new { reorderCallbacks = true });

        var payment = await Merchant.PaidPaymentAsync(Receiver.UrlFor(hook));
        (await Merchant.RefundAsync(payment.ProviderPaymentId, 100)).EnsureSuccessStatusCode();

        var callbacks = await Receiver.WaitForAsync(hook, 2);
        Assert.That(callbacks.Select(callback => callback.Type), Is.EqualTo(new[] { "refund.succeeded", "payment.succeeded" }));
    }

    [Test]
    public async Task Pay_DelaySet_CallbackArrivesNoSoonerThanTheDelay()
    {
        var hook = CallbackReceiver.NewHook();
        await Merchant.SetBehaviourAsync(new { callbackDelayMs = 1500 });
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook));

        var paidAt = DateTimeOffset.UtcNow;
        (await Merchant.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/pay", null)).EnsureSuccessStatusCode();

        await Task.Delay(1000);
        var early = Receiver.All(hook).Count;
        var callback = (await Receiver.WaitForAsync(hook, 1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(callback.ReceivedAt - paidAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1400)));
        });
    }

    [Test]
    public async Task Api_DelaySet_AnswersNoSoonerThanTheDelay()
    {
        await Merchant.SetBehaviourAsync(new { apiDelayMs = 1200 });
        var notifyUrl = Receiver.UrlFor(CallbackReceiver.NewHook());

        var slow = System.Diagnostics.Stopwatch.StartNew();
        var payment = await Merchant.CreatePaymentAsync(notifyUrl);
        slow.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(payment.ProviderPaymentId, Is.Not.Empty, "slow, but answered");
            Assert.That(slow.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1150)));
        });
    }

    [TestCase(-1)]
    [TestCase(60_001)]
    public async Task Put_ApiDelayOutOfRange_Answers400(int delay)
    {
        var response = await Merchant.PutAsJsonAsync("/v1/sandbox/behaviour", new { apiDelayMs = delay });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ErrorAsync()).Message, Does.Contain("apiDelayMs"));
    }

    [Test]
    public async Task Api_FailNextTwo_AnswersTwo500sThatChangeNothingThenWorks()
    {
        var notifyUrl = Receiver.UrlFor(CallbackReceiver.NewHook());
        var reference = Guid.CreateVersion7().ToString();
        await Merchant.SetBehaviourAsync(new { failNextApiCalls = 2 });

        var firstTry = await Merchant.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(notifyUrl, 800, reference));
        var behaviourMidway = await Merchant.GetFromJsonAsync<BehaviourDto>("/v1/sandbox/behaviour");
        var secondTry = await Merchant.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(notifyUrl, 800, reference));
        var thirdTry = await Merchant.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(notifyUrl, 800, reference));

        Assert.Multiple(async () =>
        {
            Assert.That(firstTry.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That((await firstTry.ErrorAsync()).Code, Is.EqualTo("injected-failure"));
            Assert.That(behaviourMidway!.FailNextApiCalls, Is.EqualTo(1), "sandbox calls use none up");
            Assert.That(secondTry.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(thirdTry.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the failed calls created nothing");
        });
    }

    [Test]
    public async Task Api_FailNextForOneMerchant_OtherMerchantUnaffected()
    {
        await Merchant.SetBehaviourAsync(new { failNextApiCalls = 1 });

        var rivals = await Rival.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(Receiver.UrlFor(CallbackReceiver.NewHook())));

        Assert.That(rivals.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }
}
