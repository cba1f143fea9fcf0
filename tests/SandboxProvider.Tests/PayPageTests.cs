using System.Net;
using System.Net.Http.Json;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>The browser pay page at the payUrl: no credentials, amount in yuan, pay and decline forms that work.</summary>
public sealed class PayPageTests : SandboxFixture
{
    private HttpClient browser = null!;

    [OneTimeSetUp]
    public void CreateBrowser() => browser = App.CreateClient();

    [OneTimeTearDown]
    public void DisposeBrowser() => browser.Dispose();

    private static string PagePath(PaymentDto payment) => new Uri(payment.PayUrl).AbsolutePath;

    [Test]
    public async Task Show_PendingPayment_ShowsAmountInYuanAndBothForms()
    {
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(CallbackReceiver.NewHook()), 1234);

        var response = await browser.GetAsync(PagePath(payment));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("lang=\"zh-CN\""));
            Assert.That(html, Does.Contain("¥12.34"));
            Assert.That(html, Does.Contain(SandboxApp.MerchantId));
            Assert.That(html, Does.Contain("有机苹果"));
            Assert.That(html, Does.Contain($"<form method=\"post\" action=\"/pay/{payment.ProviderPaymentId}/pay\">"));
            Assert.That(html, Does.Contain($"<form method=\"post\" action=\"/pay/{payment.ProviderPaymentId}/decline\">"));
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "no external assets");
        });
    }

    [TestCase(5L, "¥0.05")]
    [TestCase(100L, "¥1.00")]
    [TestCase(123456789L, "¥1234567.89")]
    public async Task Show_Amount_RendersFenAsYuan(long fen, string yuan)
    {
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(CallbackReceiver.NewHook()), fen);

        var html = await browser.GetStringAsync(PagePath(payment));

        Assert.That(html, Does.Contain(yuan));
    }

    [Test]
    public async Task Show_DescriptionWithMarkup_IsEncoded()
    {
        var response = await Merchant.PostAsJsonAsync("/v1/payments", new
        {
            merchantReference = Guid.CreateVersion7().ToString(), amount = 100, currency = "CNY",
            description = "<script>alert(1)</script>", notifyUrl = Receiver.UrlFor(CallbackReceiver.NewHook()),
        });
        var payment = (await response.Content.ReadFromJsonAsync<PaymentDto>())!;

        var html = await browser.GetStringAsync(PagePath(payment));

        Assert.That(html, Does.Contain("&lt;script&gt;").And.Not.Contain("<script>"));
    }

    [Test]
    public async Task PostPay_PendingPayment_ShowsSuccessAndSendsCallback()
    {
        var hook = CallbackReceiver.NewHook();
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook));

        var response = await browser.PostAsync($"{PagePath(payment)}/pay", new FormUrlEncodedContent([]));

        var html = await response.Content.ReadAsStringAsync();
        var callback = (await Receiver.WaitForAsync(hook, 1)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("支付成功"));
            Assert.That((await Merchant.GetPaymentAsync(payment.ProviderPaymentId)).Status, Is.EqualTo("succeeded"));
            Assert.That(callback.Type, Is.EqualTo("payment.succeeded"));
        });
    }

    [Test]
    public async Task PostPay_WithReturnUrl_LinksBackToTheMerchant()
    {
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(CallbackReceiver.NewHook()));
        const string back = "http://127.0.0.1:8080/orders/0193a6a0-0000-7000-8000-000000000001";

        var cashier = await browser.GetStringAsync($"{PagePath(payment)}?return={Uri.EscapeDataString(back)}");
        var response = await browser.PostAsync($"{PagePath(payment)}/pay", new FormUrlEncodedContent([new("return", back)]));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(cashier, Does.Contain($"<input type=\"hidden\" name=\"return\" value=\"{back}\">"));
            Assert.That(html, Does.Contain($"<a class=\"back\" href=\"{back}\">返回商户</a>"));
        });
    }

    [TestCase("javascript:alert(1)")]
    [TestCase("/orders/1")]
    public async Task PostPay_WithReturnUrlThatIsNotHttp_ShowsNoLink(string back)
    {
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(CallbackReceiver.NewHook()));

        var cashier = await browser.GetStringAsync($"{PagePath(payment)}?return={Uri.EscapeDataString(back)}");
        var response = await browser.PostAsync($"{PagePath(payment)}/pay", new FormUrlEncodedContent([new("return", back)]));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(cashier, Does.Not.Contain("name=\"return\""));
            Assert.That(html, Does.Contain("支付成功").And.Not.Contain("class=\"back\""));
        });
    }

    [Test]
    public async Task PostDecline_PendingPayment_ShowsDeclinedAndSendsCallback()
    {
        var hook = CallbackReceiver.NewHook();
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(hook));

        var response = await browser.PostAsync($"{PagePath(payment)}/decline", new FormUrlEncodedContent([]));

        var html = await response.Content.ReadAsStringAsync();
        var callback = (await Receiver.WaitForAsync(hook, 1)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("支付已拒绝"));
            Assert.That((await Merchant.GetPaymentAsync(payment.ProviderPaymentId)).Status, Is.EqualTo("failed"));
            Assert.That(callback.Type, Is.EqualTo("payment.failed"));
        });
    }

    [Test]
    public async Task Show_DecidedPayment_ShowsStatusWithoutButtons()
    {
        var payment = await Merchant.PaidPaymentAsync(Receiver.UrlFor(CallbackReceiver.NewHook()));

        var html = await browser.GetStringAsync(PagePath(payment));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("支付成功"));
            Assert.That(html, Does.Not.Contain("<form").And.Not.Contain("<button"));
        });
    }

    [Test]
    public async Task PostPay_AlreadyDeclined_Answers409ShowingTheOutcome()
    {
        var payment = await Merchant.CreatePaymentAsync(Receiver.UrlFor(CallbackReceiver.NewHook()));
        (await browser.PostAsync($"{PagePath(payment)}/decline", null)).EnsureSuccessStatusCode();

        var response = await browser.PostAsync($"{PagePath(payment)}/pay", null);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("支付已拒绝"));
            Assert.That((await Merchant.GetPaymentAsync(payment.ProviderPaymentId)).Status, Is.EqualTo("failed"));
        });
    }

    [TestCase("GET", "")]
    [TestCase("POST", "/pay")]
    public async Task Page_UnknownPayment_Answers404Page(string method, string suffix)
    {
        var response = await browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/pay/sbx_pay_00000000000000000000000000000000{suffix}"));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("未找到支付单"));
        });
    }
}
