using Grpc.Core;
using SocialCommerce.Contracts.Payment.V1;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>Payouts through the sandbox: decided at once, idempotent per payout id (also concurrently), retried after an outage.</summary>
public sealed class PayoutTests : PaymentFixture
{
    private Task<PayoutReply> PayoutAsync(Guid payoutId, long amount = 2_000, Guid? userId = null) =>
        App.Payouts.PayoutAsync(new PayoutRequest
        {
            PayoutId = payoutId.ToString(), UserId = (userId ?? UserId).ToString(),
            Amount = new Money { Amount = amount, Currency = "CNY" }, Description = "佣金提现",
        }).ResponseAsync;

    private static readonly Guid UserId = Guid.CreateVersion7();

    [Test]
    public async Task Payout_ProviderPays_SucceededAndStored()
    {
        var payoutId = Guid.CreateVersion7();

        var reply = await PayoutAsync(payoutId);

        Assert.Multiple(async () =>
        {
            Assert.That(reply.Status, Is.EqualTo("succeeded"));
            Assert.That(reply.FailureReason, Is.Empty);
            Assert.That(await App.ScalarAsync<string>("SELECT status FROM payouts WHERE id = @payoutId", new { payoutId }), Is.EqualTo("succeeded"));
            Assert.That(await App.ScalarAsync<string>("SELECT provider_payout_id FROM payouts WHERE id = @payoutId", new { payoutId }),
                Does.StartWith("sbx_po_"));
        });
    }

    [Test]
    public async Task Payout_ProviderDeclines_FailedWithReasonAndARepeatStaysFailed()
    {
        var payoutId = Guid.CreateVersion7();
        await App.Sandbox.BehaveAsync(declinePayouts: true);

        var reply = await PayoutAsync(payoutId);
        await App.Sandbox.BehaveAsync();
        var repeat = await PayoutAsync(payoutId);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Status, Is.EqualTo("failed"));
            Assert.That(reply.FailureReason, Is.EqualTo("recipient-cannot-receive"));
            Assert.That(repeat, Is.EqualTo(reply), "a decided payout is answered from our row, not asked again");
        });
    }

    [Test]
    public async Task Payout_SameIdConcurrently_OnePayoutAtTheProvider()
    {
        var payoutId = Guid.CreateVersion7();

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PayoutAsync(payoutId)));

        Assert.Multiple(async () =>
        {
            Assert.That(replies.Select(reply => reply.Status), Is.All.EqualTo("succeeded"));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM payouts WHERE id = @payoutId", new { payoutId }), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>("SELECT count(DISTINCT provider_payout_id) FROM payouts WHERE id = @payoutId", new { payoutId }),
                Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Payout_SameIdInsertedByATransactionStillOpen_AnswersThatPayoutOnceItCommits()
    {
        // The interleaving behind a failure seen on a busy machine, held open on purpose: a repeat arrives while the first
        // call's insert has not committed yet, so the repeat's insert waits and then finds the row it could not see.
        var payoutId = Guid.CreateVersion7();
        await using var first = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await first.OpenAsync();
        await using var transaction = await first.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(first,
            """
            INSERT INTO payouts (id, user_id, amount, currency, description, provider, status, provider_payout_id, created_at, decided_at)
            VALUES (@payoutId, @UserId, 2000, 'CNY', '佣金提现', 'sandbox', 'succeeded', 'sbx_po_first', now(), now())
            """,
            new { payoutId, UserId }, transaction);

        var repeat = PayoutAsync(payoutId);
        var waiting = await Eventually.WaitForAsync(() => App.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO payouts%'"), count => count == 1);
        Assert.That(waiting, Is.EqualTo(1), "the repeat's insert waits for the open transaction");
        await transaction.CommitAsync();

        Assert.That((await repeat).Status, Is.EqualTo("succeeded"));
    }

    [Test]
    public async Task Payout_ProviderDown_UnavailableThenARepeatPays()
    {
        var payoutId = Guid.CreateVersion7();
        // The resilience handler retries: fail enough calls to exhaust it.
        await App.Sandbox.BehaveAsync(failNextApiCalls: 20);

        var down = Assert.ThrowsAsync<RpcException>(() => PayoutAsync(payoutId));
        var pending = await App.ScalarAsync<string>("SELECT status FROM payouts WHERE id = @payoutId", new { payoutId });
        await App.Sandbox.BehaveAsync();
        var repeat = await PayoutAsync(payoutId);

        Assert.Multiple(() =>
        {
            Assert.That(down!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(pending, Is.EqualTo("pending"));
            Assert.That(repeat.Status, Is.EqualTo("succeeded"));
        });
    }

    [Test]
    public async Task Payout_IdReusedForAnotherAmount_InvalidArgumentAndFirstStands()
    {
        var payoutId = Guid.CreateVersion7();
        await PayoutAsync(payoutId, 2_000);

        var reused = Assert.ThrowsAsync<RpcException>(() => PayoutAsync(payoutId, 3_000));

        Assert.Multiple(async () =>
        {
            Assert.That(reused!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(await App.ScalarAsync<long>("SELECT amount FROM payouts WHERE id = @payoutId", new { payoutId }), Is.EqualTo(2_000));
        });
    }

    [TestCase("not-a-uuid", 100, "payout_id")]
    [TestCase(null, 0, "amount")]
    public void Payout_BadInput_InvalidArgumentAndNothingStored(string? payoutId, long amount, string field)
    {
        var request = new PayoutRequest
        {
            PayoutId = payoutId ?? Guid.CreateVersion7().ToString(), UserId = UserId.ToString(),
            Amount = new Money { Amount = amount, Currency = "CNY" },
        };

        var error = Assert.ThrowsAsync<RpcException>(() => App.Payouts.PayoutAsync(request).ResponseAsync);

        Assert.Multiple(async () =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Status.Detail, Does.Contain(field));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM payouts WHERE user_id = @UserId AND amount = @amount", new { UserId, amount }),
                Is.Zero);
        });
    }
}
