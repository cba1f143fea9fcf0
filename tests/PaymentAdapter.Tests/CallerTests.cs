using System.Net;
using Grpc.Core;
using SocialCommerce.Contracts.Payment.V1;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>
/// Money moves only for the service that owns the reason: payments and refunds for order, payouts for referral-commission.
/// Every other caller is refused before anything is written or asked of the provider; the gRPC port serves nothing else.
/// </summary>
public sealed class CallerTests : PaymentFixture
{
    [Test]
    public async Task Payout_NoToken_UnauthenticatedAndNoPayout()
    {
        await AssertPayoutRefusedAsync(null, StatusCode.Unauthenticated);
    }

    [Test]
    public async Task Payout_UsersAccessToken_UnauthenticatedAndNoPayout()
    {
        await AssertPayoutRefusedAsync(App.Tokens.For(Guid.CreateVersion7(), "admin"), StatusCode.Unauthenticated);
    }

    [Test]
    public async Task Payout_OrdersServiceToken_PermissionDeniedAndNoPayout()
    {
        await AssertPayoutRefusedAsync(App.Tokens.ForService("order"), StatusCode.PermissionDenied);
    }

    [Test]
    public async Task CreatePayment_ReferralsServiceToken_PermissionDeniedAndNoPayment()
    {
        var orderId = Guid.CreateVersion7();
        var payments = new SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient(App.NewChannel(App.Tokens.ForService("referral-commission")));

        var refused = Assert.ThrowsAsync<RpcException>(async () => await payments.CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = orderId.ToString(), UserId = Guid.CreateVersion7().ToString(),
            Amount = new Money { Amount = 100, Currency = "CNY" }, Description = "not order's call",
        }));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM payments WHERE order_id = @orderId", new { orderId }), Is.Zero);
        });
    }

    [Test]
    public async Task RestRoute_OnTheGrpcPort_404ProblemAndServedOnTheHttpPort()
    {
        // Prior-knowledge HTTP/2, as the gRPC port speaks nothing else.
        using var grpcPort = new HttpClient { BaseAddress = new Uri(App.GrpcUrl), DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        var onGrpcPort = await grpcPort.GetAsync($"/api/payment/payments/{Guid.CreateVersion7()}");
        var onHttpPort = await App.Http().GetAsync($"/api/payment/payments/{Guid.CreateVersion7()}");

        await onGrpcPort.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(onHttpPort.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the route itself exists, behind authentication");
    }

    private async Task AssertPayoutRefusedAsync(string? bearer, StatusCode expected)
    {
        var payoutId = Guid.CreateVersion7();
        var payouts = new SocialCommerce.Contracts.Payment.V1.Payouts.PayoutsClient(App.NewChannel(bearer));

        var refused = Assert.ThrowsAsync<RpcException>(async () => await payouts.PayoutAsync(new PayoutRequest
        {
            PayoutId = payoutId.ToString(), UserId = Guid.CreateVersion7().ToString(),
            Amount = new Money { Amount = 2_000, Currency = "CNY" }, Description = "佣金提现",
        }));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(expected));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM payouts WHERE id = @payoutId", new { payoutId }), Is.Zero);
        });
    }
}
