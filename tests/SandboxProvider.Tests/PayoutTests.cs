using System.Net;
using System.Net.Http.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>Payouts to a recipient's wallet: decided in the answer, idempotent per merchant reference, declinable on demand.</summary>
public sealed class PayoutTests : SandboxFixture
{
    [Test]
    public async Task Create_ValidPayout_Answers201Succeeded()
    {
        var reference = Guid.NewGuid().ToString();

        var response = await PayoutAsync(Merchant, reference, 1500, "user-1");

        var payout = await response.Content.ReadFromJsonAsync<PayoutDto>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(payout!.ProviderPayoutId, Does.Match("^sbx_po_[0-9a-f]{32}$"));
            Assert.That(payout.MerchantReference, Is.EqualTo(reference));
            Assert.That(payout.Amount, Is.EqualTo(1500));
            Assert.That(payout.Recipient, Is.EqualTo("user-1"));
            Assert.That(payout.Status, Is.EqualTo("succeeded"));
            Assert.That(payout.FailureReason, Is.Null);
        });
    }

    [Test]
    public async Task Create_SameReferenceTwice_Answers200WithTheFirstPayout()
    {
        var reference = Guid.NewGuid().ToString();
        var first = await (await PayoutAsync(Merchant, reference, 1500, "user-1")).Content.ReadFromJsonAsync<PayoutDto>();

        var repeat = await PayoutAsync(Merchant, reference, 1500, "user-1");
        var otherAmount = await PayoutAsync(Merchant, reference, 1600, "user-1");

        Assert.Multiple(async () =>
        {
            Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await repeat.Content.ReadFromJsonAsync<PayoutDto>(), Is.EqualTo(first));
            Assert.That(otherAmount.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await otherAmount.ErrorAsync()).Code, Is.EqualTo("reference-reused"));
        });
    }

    [Test]
    public async Task Create_DeclinePayoutsSet_AnswersFailedAndTheRepeatStaysFailed()
    {
        var reference = Guid.NewGuid().ToString();
        await Merchant.SetBehaviourAsync(new { declinePayouts = true });

        var declined = await (await PayoutAsync(Merchant, reference, 1500, "user-1")).Content.ReadFromJsonAsync<PayoutDto>();
        await Merchant.DeleteAsync("/v1/sandbox/behaviour");
        var repeat = await (await PayoutAsync(Merchant, reference, 1500, "user-1")).Content.ReadFromJsonAsync<PayoutDto>();
        var rivals = await (await PayoutAsync(Rival, reference, 1500, "user-1")).Content.ReadFromJsonAsync<PayoutDto>();

        Assert.Multiple(() =>
        {
            Assert.That(declined!.Status, Is.EqualTo("failed"));
            Assert.That(declined.FailureReason, Is.EqualTo("recipient-cannot-receive"));
            Assert.That(repeat, Is.EqualTo(declined));
            Assert.That(rivals!.Status, Is.EqualTo("succeeded"), "references and behaviours are per merchant");
        });
    }

    [TestCase(0, "CNY", "user-1", "amount")]
    [TestCase(100, "USD", "user-1", "currency")]
    [TestCase(100, "CNY", "", "recipient")]
    public async Task Create_BadInput_Answers400NamingTheField(long amount, string currency, string recipient, string field)
    {
        var response = await Merchant.PostAsJsonAsync("/v1/payouts",
            new { merchantReference = Guid.NewGuid().ToString(), amount, currency, recipient, description = "commission" });

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.ErrorAsync()).Message, Does.Contain(field));
        });
    }

    [Test]
    public async Task Create_InjectedFailure_Answers500AndPaysNothing()
    {
        var reference = Guid.NewGuid().ToString();
        await Merchant.SetBehaviourAsync(new { failNextApiCalls = 1 });

        var failed = await PayoutAsync(Merchant, reference, 1500, "user-1");
        var retried = await PayoutAsync(Merchant, reference, 1500, "user-1");

        Assert.Multiple(() =>
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the failed call created nothing");
        });
    }

    private static Task<HttpResponseMessage> PayoutAsync(HttpClient merchant, string reference, long amount, string recipient) =>
        merchant.PostAsJsonAsync("/v1/payouts", new { merchantReference = reference, amount, currency = "CNY", recipient, description = "commission" });

    private sealed record PayoutDto(
        string ProviderPayoutId, string MerchantReference, long Amount, string Currency, string Recipient, string Status, string? FailureReason,
        DateTimeOffset CreatedAt);
}
