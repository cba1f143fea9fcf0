using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>Create and query payments: the wire format, idempotency per merchantReference and input checks.</summary>
public sealed class PaymentApiTests : SandboxFixture
{
    private string NotifyUrl => Receiver.UrlFor(CallbackReceiver.NewHook());

    [Test]
    public async Task Create_NewReference_Answers201WithPendingPaymentAndPayUrl()
    {
        var response = await Merchant.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(NotifyUrl, 1234, "order-1001"));

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = json.GetProperty("providerPaymentId").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(id, Does.Match("^sbx_pay_[0-9a-f]{32}$"));
            Assert.That(json.GetProperty("merchantReference").GetString(), Is.EqualTo("order-1001"));
            Assert.That(json.GetProperty("amount").GetInt64(), Is.EqualTo(1234));
            Assert.That(json.GetProperty("currency").GetString(), Is.EqualTo("CNY"));
            Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(json.GetProperty("payUrl").GetString(), Is.EqualTo($"{SandboxApp.PublicUrl}/pay/{id}"));
            Assert.That(json.GetProperty("createdAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(json.TryGetProperty("paidAt", out _), Is.False);
        });
    }

    [Test]
    public async Task Create_SameReferenceSameAmount_Answers200WithTheFirstPayment()
    {
        var reference = Guid.CreateVersion7().ToString();
        var first = await Merchant.CreatePaymentAsync(NotifyUrl, 500, reference);

        var again = await Merchant.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(NotifyUrl, 500, reference));

        var payment = await again.Content.ReadFromJsonAsync<PaymentDto>();
        Assert.Multiple(() =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(payment!.ProviderPaymentId, Is.EqualTo(first.ProviderPaymentId));
        });
    }

    [Test]
    public async Task Create_SameReferenceOtherAmount_Answers409ReferenceReused()
    {
        var reference = Guid.CreateVersion7().ToString();
        await Merchant.CreatePaymentAsync(NotifyUrl, 500, reference);

        var again = await Merchant.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(NotifyUrl, 501, reference));

        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await again.ErrorAsync()).Code, Is.EqualTo("reference-reused"));
        });
    }

    [Test]
    public async Task Create_SameReferenceOtherMerchant_CreatesSeparatePayment()
    {
        var reference = Guid.CreateVersion7().ToString();
        var mine = await Merchant.CreatePaymentAsync(NotifyUrl, 500, reference);

        var theirs = await Rival.CreatePaymentAsync(NotifyUrl, 700, reference);

        Assert.That(theirs.ProviderPaymentId, Is.Not.EqualTo(mine.ProviderPaymentId));
    }

    [TestCase(0L, "CNY", "http://127.0.0.1/hook", "amount")]
    [TestCase(-5L, "CNY", "http://127.0.0.1/hook", "amount")]
    [TestCase(100L, "USD", "http://127.0.0.1/hook", "currency")]
    [TestCase(100L, "CNY", "/relative/hook", "notifyUrl")]
    [TestCase(100L, "CNY", "ftp://127.0.0.1/hook", "notifyUrl")]
    public async Task Create_InvalidField_Answers400NamingTheField(long amount, string currency, string notifyUrl, string field)
    {
        var response = await Merchant.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(notifyUrl, amount, currency: currency));

        var error = await response.ErrorAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(error.Code, Is.EqualTo("invalid-request"));
            Assert.That(error.Message, Does.Contain(field));
        });
    }

    [TestCase("{\"merchantReference\":\"x\",\"amount\":12.5,\"currency\":\"CNY\",\"description\":\"d\",\"notifyUrl\":\"http://127.0.0.1/\"}")]
    [TestCase("{not json")]
    [TestCase("")]
    public async Task Create_UnreadableBody_Answers400InProviderFormat(string body)
    {
        var response = await Merchant.PostAsync("/v1/payments", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("invalid-request"));
        });
    }

    [Test]
    public async Task Get_OwnPayment_AnswersCurrentState()
    {
        var created = await Merchant.CreatePaymentAsync(NotifyUrl, 999);

        var payment = await Merchant.GetPaymentAsync(created.ProviderPaymentId);

        Assert.Multiple(() =>
        {
            Assert.That(payment.ProviderPaymentId, Is.EqualTo(created.ProviderPaymentId));
            Assert.That(payment.Amount, Is.EqualTo(999));
            Assert.That(payment.Status, Is.EqualTo("pending"));
            Assert.That(payment.RefundedAmount, Is.Zero);
            Assert.That(payment.Refunds, Is.Empty);
        });
    }

    [Test]
    public async Task Get_UnknownId_Answers404()
    {
        var response = await Merchant.GetAsync("/v1/payments/sbx_pay_00000000000000000000000000000000");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("payment-not-found"));
        });
    }

    [Test]
    public async Task Create_FormInsteadOfJson_Answers400InProviderFormat()
    {
        var response = await Merchant.PostAsync("/v1/payments", new FormUrlEncodedContent([new("amount", "100")]));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("invalid-request"));
        });
    }

    [Test]
    public async Task Get_UnknownRoute_Answers404InProviderFormat()
    {
        var response = await Merchant.GetAsync("/v1/no-such-thing");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await response.ErrorAsync()).Code, Is.EqualTo("not-found"));
        });
    }
}
