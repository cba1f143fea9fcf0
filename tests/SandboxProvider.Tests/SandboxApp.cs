using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SocialCommerce.SandboxProvider.Tests;

public sealed record PaymentDto(
    string ProviderPaymentId, string MerchantReference, long Amount, string Currency, string Status, long RefundedAmount,
    string PayUrl, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, List<RefundDto> Refunds);

public sealed record RefundDto(string ProviderRefundId, string MerchantRefundReference, long Amount, string Status, DateTimeOffset CreatedAt);

public sealed record ErrorDto(string Code, string Message);

public sealed record BehaviourDto(int CallbackDelayMs, int CallbackCopies, bool ReorderCallbacks, int FailNextApiCalls);

public sealed record AttemptDto(string EventId, string Type, string Url, int Copy, int Attempt, int? StatusCode, string? Error, DateTimeOffset SentAt);

/// <summary>
/// The sandbox provider in-process, through its whole HTTP pipeline, in the Development environment (so with the
/// development merchant from appsettings.Development.json) plus a second merchant for isolation tests.
/// </summary>
public sealed class SandboxApp(string environment = "Development", Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string MerchantId = "socialcommerce";
    public const string ApiKey = "sandbox-api-key-dev";
    public const string WebhookSecret = "sandbox-webhook-secret-dev";
    public const string RivalId = "rival";
    public const string RivalApiKey = "rival-api-key";
    public const string RivalSecret = "rival-webhook-secret";
    public const string PublicUrl = "http://sandbox.test:5140";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // UseSetting, not ConfigureAppConfiguration: Program reads merchants and the public URL while composing.
        builder.UseSetting("Sandbox:PublicUrl", PublicUrl);
        if (environment == "Development")
        {
            builder.UseSetting($"Sandbox:Merchants:{RivalId}:ApiKey", RivalApiKey);
            builder.UseSetting($"Sandbox:Merchants:{RivalId}:WebhookSecret", RivalSecret);
        }

        foreach (var (key, value) in settings ?? []) builder.UseSetting(key, value);
    }

    public HttpClient Client(string merchantId = MerchantId, string apiKey = ApiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Merchant-Id", merchantId);
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public static object NewPayment(string notifyUrl, long amount = 1234, string? reference = null, string currency = "CNY") => new
    {
        merchantReference = reference ?? Guid.CreateVersion7().ToString(),
        amount,
        currency,
        description = "拼团 · 有机苹果 5kg",
        notifyUrl,
    };
}

public static class SandboxClientExtensions
{
    public static async Task<PaymentDto> CreatePaymentAsync(this HttpClient client, string notifyUrl, long amount = 1234, string? reference = null)
    {
        var response = await client.PostAsJsonAsync("/v1/payments", SandboxApp.NewPayment(notifyUrl, amount, reference));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PaymentDto>())!;
    }

    public static async Task<PaymentDto> PaidPaymentAsync(this HttpClient client, string notifyUrl, long amount = 1234)
    {
        var payment = await client.CreatePaymentAsync(notifyUrl, amount);
        (await client.PostAsync($"/v1/payments/{payment.ProviderPaymentId}/pay", null)).EnsureSuccessStatusCode();
        return payment;
    }

    public static Task<HttpResponseMessage> RefundAsync(this HttpClient client, string paymentId, long amount, string? reference = null) =>
        client.PostAsJsonAsync($"/v1/payments/{paymentId}/refunds", new { merchantRefundReference = reference ?? Guid.CreateVersion7().ToString(), amount });

    public static async Task<PaymentDto> GetPaymentAsync(this HttpClient client, string paymentId) =>
        (await client.GetFromJsonAsync<PaymentDto>($"/v1/payments/{paymentId}"))!;

    public static async Task SetBehaviourAsync(this HttpClient client, object behaviour) =>
        (await client.PutAsJsonAsync("/v1/sandbox/behaviour", behaviour)).EnsureSuccessStatusCode();

    /// <summary>Waits until the provider owes the merchant no callback copy (each delivered or given up).</summary>
    public static async Task WaitForNoOutstandingCallbacksAsync(this HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        int left;
        while ((left = (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/sandbox/callbacks/outstanding")).GetProperty("outstanding").GetInt32()) > 0
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        Assert.That(left, Is.Zero, "callback copies still owed");
    }

    public static async Task<ErrorDto> ErrorAsync(this HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<ErrorDto>())!;
}
