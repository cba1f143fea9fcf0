using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ReferralCommission.Ledger;
using SocialCommerce.ReferralCommission.Withdrawals;

namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>
/// Random orders, each paid, maybe completed, maybe refunded in up to three steps, delivered with duplicates and in a shuffled
/// order with settlement runs and withdrawals (repeated keys, payout answers delivered late and more than once) in between.
/// Whatever the order of arrival, the ledger ends where the events say: each accrual keeps exactly the commission on what is
/// still paid, in the bucket its order's completion puts it; nothing is reversed below zero or without a refund; no one is
/// paid at tier 3 (the chain is root ← u1 ← u2 ← u3); and at every step each balance is the sum of its ledger lines and goes
/// below zero only by clawbacks.
/// </summary>
public sealed class LedgerPropertyTests : LedgerFixture
{
    private const int Tier1Rate = 1000;   // the migration's default rules: 10 % and 5 %
    private const int Tier2Rate = 500;

    [Test]
    public async Task RandomDeliveries_DuplicatedAndReordered_LedgerEndsWhereTheEventsSay([Range(1, 20)] int seed)
    {
        var random = new Random(seed);
        var orders = Enumerable.Range(0, 6).Select(_ => NewOrder(random)).ToList();
        var deliveries = orders.SelectMany(order => order.Deliveries(random)).OrderBy(_ => random.Next()).ToList();

        var payoutAnswers = new List<Func<Task>>();

        foreach (var deliver in deliveries)
        {
            await deliver(Ledger);
            if (random.Next(4) == 0) await Ledger.SettleAsync();
            if (random.Next(3) == 0) await WithdrawAsync(random, payoutAnswers);
            if (payoutAnswers.Count > 0 && random.Next(2) == 0) await TakeRandom(random, payoutAnswers)();
            foreach (var order in orders) await AssertNeverOverReversedAsync(order);
            await AssertBalancesAreLedgerSumsAsync();
        }

        await Ledger.SettleAsync();
        while (payoutAnswers.Count > 0) await TakeRandom(random, payoutAnswers)();
        foreach (var order in orders) await AssertSettledAsync(order);
        await AssertBalancesAreLedgerSumsAsync();
    }

    [Test]
    public async Task Withdrawals_TenAtOnceOverOneBalance_NeverOverdrawAndAFailedPayoutGivesItBack()
    {
        var referrer = Guid.CreateVersion7();
        var buyer = Guid.CreateVersion7();
        await Ledger.BindAsync(buyer, referrer);
        var paid = LedgerDatabase.Paid(Guid.CreateVersion7(), buyer, 100_000);
        await Ledger.PaidAsync(Guid.CreateVersion7(), paid);
        await Ledger.CompletedAsync(Guid.CreateVersion7(), new OrderCompleted(paid.OrderId, buyer, Guid.Empty, paid.Total, "CNY", LedgerDatabase.Epoch));
        await Ledger.SettleAsync();

        var requests = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Ledger.WithdrawAsync(referrer, $"key-{i}", 3_000)));
        var accepted = requests.Where(r => r.Withdrawal is not null).ToList();
        var afterRequests = await Ledger.BalanceAsync(referrer);
        await Ledger.DecideAsync(accepted[0].Withdrawal!.WithdrawalId, paid: false);
        await Ledger.DecideAsync(accepted[0].Withdrawal!.WithdrawalId, paid: true);   // a late, contradicting answer changes nothing
        foreach (var request in accepted.Skip(1)) await Ledger.DecideAsync(request.Withdrawal!.WithdrawalId, paid: true);
        var afterPayouts = await Ledger.BalanceAsync(referrer);

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Has.Count.EqualTo(3), "10,000 fen available covers three withdrawals of 3,000");
            Assert.That(requests.Count(r => r.Refusal == WithdrawalRefusal.AboveAvailable), Is.EqualTo(7));
            Assert.That(afterRequests.Available.Amount, Is.EqualTo(1_000));
            Assert.That(afterRequests.Withdrawing.Amount, Is.EqualTo(9_000));
            Assert.That(afterPayouts.Available.Amount, Is.EqualTo(4_000), "the failed payout's 3,000 is back");
            Assert.That(afterPayouts.Withdrawn.Amount, Is.EqualTo(6_000));
            Assert.That(afterPayouts.Withdrawing.Amount, Is.Zero);
        });
    }

    /// <summary>
    /// One of the chain asks to withdraw a random amount (sometimes twice under one key); an accepted request's payout answer,
    /// paid or failed, is queued to arrive later, up to three times.
    /// </summary>
    private async Task WithdrawAsync(Random random, List<Func<Task>> payoutAnswers)
    {
        var user = new[] { Ledger.Root, Ledger.U1, Ledger.U2 }[random.Next(3)];
        var key = Guid.NewGuid().ToString();
        var amount = random.NextInt64(1, 20_000);
        var request = await Ledger.WithdrawAsync(user, key, amount);
        if (random.Next(3) == 0)
        {
            var repeat = await Ledger.WithdrawAsync(user, key, amount);
            Assert.That(repeat.Withdrawal?.WithdrawalId, Is.EqualTo(request.Withdrawal?.WithdrawalId), "a repeated key answers the first request");
        }

        if (request.Withdrawal is not { } withdrawal) return;
        var paid = random.Next(10) < 7;
        for (var copies = random.Next(1, 4); copies > 0; copies--) payoutAnswers.Add(() => Ledger.DecideAsync(withdrawal.WithdrawalId, paid));
    }

    private static Func<Task> TakeRandom(Random random, List<Func<Task>> answers)
    {
        var index = random.Next(answers.Count);
        var answer = answers[index];
        answers.RemoveAt(index);
        return answer;
    }

    private async Task AssertBalancesAreLedgerSumsAsync()
    {
        foreach (var user in new[] { Ledger.Root, Ledger.U1, Ledger.U2, Ledger.U3 })
        {
            var balance = await Ledger.BalanceAsync(user);
            var sums = await Ledger.SumsAsync(user);
            Assert.Multiple(() =>
            {
                Assert.That(balance.Frozen.Amount, Is.EqualTo(sums.Frozen));
                Assert.That(balance.Available.Amount, Is.EqualTo(sums.AvailableAccruals + sums.AvailableReversals - sums.Pending - sums.Paid));
                Assert.That(balance.Withdrawn.Amount, Is.EqualTo(sums.Paid));
                Assert.That(balance.Withdrawing.Amount, Is.EqualTo(sums.Pending));
                Assert.That(sums.AvailableAccruals - sums.Pending - sums.Paid, Is.GreaterThanOrEqualTo(0),
                    "withdrawals never take more than was accrued and settled: available goes below zero only by clawbacks");
            });
        }
    }

    [Test]
    public async Task OrderPaid_DeliveredFourTimesAtOnce_AccruesOncePerTier()
    {
        var paid = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U3, 12_345);
        var messageId = Guid.CreateVersion7();

        var handled = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Ledger.PaidAsync(messageId, paid)));
        var again = await Ledger.PaidAsync(Guid.CreateVersion7(), paid);   // the same order republished under a new id

        var lines = await Ledger.LinesAsync(paid.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(handled.Count(h => h), Is.EqualTo(1));
            Assert.That(again, Is.True, "a new message id runs the handler, and the unique key keeps the ledger as it was");
            Assert.That(lines.Select(l => (l.Tier, l.BeneficiaryId, l.Amount)),
                Is.EquivalentTo(new[] { (1, Ledger.U2, 1_234L), (2, Ledger.U1, 617L) }));
        });
    }

    [Test]
    public async Task OrderPaid_OneBatchWithTheOrderTwiceAndARepeatedMessage_AccruesOncePerTier()
    {
        var paid = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U3, 20_000);
        var other = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U1, 30_000);
        var (first, second, third) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        var handled = await Ledger.PaidBatchAsync([(first, paid), (second, paid), (third, other), (first, paid)]);
        var again = await Ledger.PaidBatchAsync([(first, paid), (third, other)]);

        var lines = await Ledger.LinesAsync(paid.OrderId);
        var otherLines = await Ledger.LinesAsync(other.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That((handled, again), Is.EqualTo((3, 0)), "three message ids in the batch, all handled before the redelivery");
            Assert.That(lines.Select(l => (l.Tier, l.BeneficiaryId, l.Amount)), Is.EquivalentTo(new[] { (1, Ledger.U2, 2_000L), (2, Ledger.U1, 1_000L) }));
            Assert.That(otherLines.Select(l => (l.Tier, l.BeneficiaryId, l.Amount)), Is.EquivalentTo(new[] { (1, Ledger.Root, 3_000L) }));
        });
    }

    [Test]
    public async Task Refunds_TwoArriveAtOnce_ReversedToWhatTheLargerTotalLeaves()
    {
        var paid = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U2, 9_999);
        await Ledger.PaidAsync(Guid.CreateVersion7(), paid);

        await Task.WhenAll(
            Ledger.RefundedAsync(Guid.CreateVersion7(), LedgerDatabase.Refund(paid.OrderId, paid.UserId, 3_333, 3_333, paid.Total)),
            Ledger.RefundedAsync(Guid.CreateVersion7(), LedgerDatabase.Refund(paid.OrderId, paid.UserId, 3_333, 6_666, paid.Total)));

        var lines = await Ledger.LinesAsync(paid.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Where(l => l.Tier == 1).Sum(l => l.Amount), Is.EqualTo(Commission.Kept(9_999, 6_666, Tier1Rate)).And.EqualTo(333));
            Assert.That(lines.Where(l => l.Tier == 2).Sum(l => l.Amount), Is.EqualTo(Commission.Kept(9_999, 6_666, Tier2Rate)).And.EqualTo(166));
        });
    }

    private Order NewOrder(Random random)
    {
        var buyer = new[] { Ledger.U1, Ledger.U2, Ledger.U3 }[random.Next(3)];
        var total = random.NextInt64(1, 200_000);
        var refunds = new List<long>();
        var refunded = 0L;
        for (var i = random.Next(4); i > 0 && refunded < total; i--) refunds.Add(refunded = Math.Min(total, refunded + random.NextInt64(1, total + 1)));
        return new Order(Guid.CreateVersion7(), buyer, total, random.Next(10) < 6, refunds);
    }

    private async Task AssertNeverOverReversedAsync(Order order)
    {
        var lines = await Ledger.LinesAsync(order.Id);
        foreach (var accrual in lines.Where(l => l.Kind == "accrual"))
        {
            var reversals = lines.Where(l => l.Reverses == accrual.Id).ToList();
            Assert.That(accrual.Amount + reversals.Sum(r => r.Amount), Is.GreaterThanOrEqualTo(0), "never reversed below zero");
            Assert.That(reversals, Has.All.Matches<LedgerDatabase.Line>(r => r.RefundId is not null && r.Status == accrual.Status),
                "a reversal has a refund as its cause and counts where its accrual does");
        }
    }

    private async Task AssertSettledAsync(Order order)
    {
        var lines = await Ledger.LinesAsync(order.Id);
        var refunded = order.Refunds.Count == 0 ? 0 : order.Refunds.Max();
        var expected = new List<(int Tier, Guid Beneficiary, long Kept)>();
        if (order.Buyer == Ledger.U1) expected.Add((1, Ledger.Root, Commission.Kept(order.Total, refunded, Tier1Rate)));
        if (order.Buyer == Ledger.U2) expected.AddRange([(1, Ledger.U1, Commission.Kept(order.Total, refunded, Tier1Rate)), (2, Ledger.Root, Commission.Kept(order.Total, refunded, Tier2Rate))]);
        if (order.Buyer == Ledger.U3) expected.AddRange([(1, Ledger.U2, Commission.Kept(order.Total, refunded, Tier1Rate)), (2, Ledger.U1, Commission.Kept(order.Total, refunded, Tier2Rate))]);
        var kept = lines.GroupBy(l => (l.Tier, l.BeneficiaryId)).Select(g => (g.Key.Tier, g.Key.BeneficiaryId, g.Sum(l => l.Amount)));

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EquivalentTo(expected.Where(e => Commission.Of(order.Total, e.Tier == 1 ? Tier1Rate : Tier2Rate) > 0)),
                $"order of {order.Total} fen refunded {refunded}: each tier keeps the commission on what is still paid");
            Assert.That(lines, Has.All.Matches<LedgerDatabase.Line>(l => l.Tier <= 2), "never tier 3");
            Assert.That(lines.Select(l => l.Status).Distinct(), Is.SubsetOf(new[] { order.Completes ? "available" : "frozen" }));
        });
    }

    private sealed record Order(Guid Id, Guid Buyer, long Total, bool Completes, List<long> Refunds)
    {
        /// <summary>Every event of the order, each delivered one to three times under its message id.</summary>
        public IEnumerable<Func<LedgerDatabase, Task>> Deliveries(Random random)
        {
            var events = new List<Func<LedgerDatabase, Task>>();
            var paidId = Guid.CreateVersion7();
            events.Add(db => db.PaidAsync(paidId, LedgerDatabase.Paid(Id, Buyer, Total)));
            if (Completes)
            {
                var completedId = Guid.CreateVersion7();
                var completed = new OrderCompleted(Id, Buyer, Guid.Empty, Total, "CNY", LedgerDatabase.Epoch.AddDays(1));
                events.Add(db => db.CompletedAsync(completedId, completed));
            }

            var previous = 0L;
            foreach (var refundedTotal in Refunds)
            {
                var refundId = Guid.CreateVersion7();
                var refund = LedgerDatabase.Refund(Id, Buyer, refundedTotal - previous, refundedTotal, Total);
                previous = refundedTotal;
                events.Add(db => db.RefundedAsync(refundId, refund));
            }

            return events.SelectMany(deliver => Enumerable.Repeat(deliver, random.Next(1, 4)));
        }
    }
}
