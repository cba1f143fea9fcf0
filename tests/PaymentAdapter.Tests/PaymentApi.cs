using SocialCommerce.Contracts.Payment.V1;

namespace SocialCommerce.PaymentAdapter.Tests;

public static class PaymentApi
{
    public static Task<PaymentReply> CreateAsync(this PaymentApp app, long amount = 12_900, Guid? orderId = null, Guid? userId = null) =>
        app.Payments.CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = (orderId ?? Guid.CreateVersion7()).ToString(),
            UserId = (userId ?? Guid.CreateVersion7()).ToString(),
            Amount = new Money { Amount = amount, Currency = "CNY" },
            Description = "订单 SC20261122 武夷山大红袍",
        }).ResponseAsync;

    public static Task<string> ProviderIdAsync(this PaymentApp app, string paymentId) =>
        app.ScalarAsync<string>("SELECT provider_payment_id FROM payments WHERE id = @id", new { id = Guid.Parse(paymentId) });

    public static Task<string> StatusAsync(this PaymentApp app, string paymentId) =>
        app.ScalarAsync<string>("SELECT status FROM payments WHERE id = @id", new { id = Guid.Parse(paymentId) });

    public static Task<string> WaitForStatusAsync(this PaymentApp app, string paymentId, string status) =>
        Eventually.WaitForAsync(() => app.StatusAsync(paymentId), s => s == status, TimeSpan.FromSeconds(30));

    /// <summary>A payment the payer has paid at the sandbox, applied through its callback.</summary>
    public static async Task<PaymentReply> PaidAsync(this PaymentApp app, long amount = 12_900)
    {
        var payment = await app.CreateAsync(amount);
        await app.Sandbox.PayAsync(await app.ProviderIdAsync(payment.PaymentId));
        await app.WaitForStatusAsync(payment.PaymentId, "succeeded");
        return payment;
    }
}
