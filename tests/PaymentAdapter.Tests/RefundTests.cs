using Grpc.Core;
using SocialCommerce.Contracts.Payment.V1;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>Refunds through the sandbox: partial, full, idempotent per refund id, never more than was paid.</summary>
public sealed class RefundTests : PaymentFixture
{
    private Task<RefundReply> RefundAsync(string paymentId, long amount, Guid? refundId = null) =>
        App.Payments.RefundAsync(new RefundRequest
        {
            PaymentId = paymentId, RefundId = (refundId ?? Guid.CreateVersion7()).ToString(),
            Amount = new Money { Amount = amount, Currency = "CNY" }, Reason = "七天无理由退货",
        }).ResponseAsync;

    [Test]
    public async Task Refund_PartThenRest_PartiallyRefundedThenRefundedWithEvents()
    {
        var payment = await App.PaidAsync(10_000);

        var first = await RefundAsync(payment.PaymentId, 3_000);
        await App.WaitForStatusAsync(payment.PaymentId, "partially-refunded");
        var second = await RefundAsync(payment.PaymentId, 7_000);
        await App.WaitForStatusAsync(payment.PaymentId, "refunded");

        Assert.Multiple(async () =>
        {
            Assert.That(first.Status, Is.EqualTo("succeeded"));
            Assert.That(second.Status, Is.EqualTo("succeeded"));
            Assert.That(await App.EventsAsync("RefundSucceeded", Guid.Parse(payment.PaymentId)), Is.EqualTo(2));
            Assert.That(await App.ScalarAsync<long>("SELECT refunded_amount FROM payments WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) }),
                Is.EqualTo(10_000));
        });
    }

    [Test]
    public async Task Refund_SameRefundIdTwice_OneRefund()
    {
        var payment = await App.PaidAsync(10_000);
        var refundId = Guid.CreateVersion7();

        await RefundAsync(payment.PaymentId, 2_000, refundId);
        var again = await RefundAsync(payment.PaymentId, 2_000, refundId);
        var reused = Assert.ThrowsAsync<RpcException>(() => RefundAsync(payment.PaymentId, 2_500, refundId));

        Assert.Multiple(async () =>
        {
            Assert.That(again.Status, Is.EqualTo("succeeded"));
            Assert.That(reused!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(await App.EventsAsync("RefundSucceeded", Guid.Parse(payment.PaymentId)), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>("SELECT refunded_amount FROM payments WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) }),
                Is.EqualTo(2_000));
        });
    }

    [Test]
    public async Task Refund_TwentyConcurrentRequests_NeverMoreThanPaid()
    {
        var payment = await App.PaidAsync(10_000);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await RefundAsync(payment.PaymentId, 1_500);
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                return false;
            }
        }));
        await App.WaitForStatusAsync(payment.PaymentId, "partially-refunded");

        Assert.Multiple(async () =>
        {
            Assert.That(attempts.Count(accepted => accepted), Is.EqualTo(6), "6 × 15.00 fit in 100.00, a 7th does not");
            Assert.That(await App.ScalarAsync<long>("SELECT refund_committed FROM payments WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) }),
                Is.EqualTo(9_000));
            Assert.That(await Eventually.WaitForAsync(
                () => App.ScalarAsync<long>("SELECT refunded_amount FROM payments WHERE id = @id", new { id = Guid.Parse(payment.PaymentId) }),
                n => n == 9_000), Is.EqualTo(9_000));
        });
    }

    [Test]
    public async Task Refund_UnpaidPayment_FailedPreconditionAndNothingRecorded()
    {
        var payment = await App.CreateAsync(10_000);

        var exception = Assert.ThrowsAsync<RpcException>(() => RefundAsync(payment.PaymentId, 1_000));

        Assert.That(exception!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM refunds WHERE payment_id = @id", new { id = Guid.Parse(payment.PaymentId) }), Is.Zero);
    }

    [Test]
    public async Task Refund_MoreThanPaid_FailedPrecondition()
    {
        var payment = await App.PaidAsync(10_000);

        var exception = Assert.ThrowsAsync<RpcException>(() => RefundAsync(payment.PaymentId, 10_001));

        Assert.That(exception!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
    }

    [Test]
    public void Refund_UnknownPayment_NotFound()
    {
        var exception = Assert.ThrowsAsync<RpcException>(() => RefundAsync(Guid.CreateVersion7().ToString(), 100));

        Assert.That(exception!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }
}
