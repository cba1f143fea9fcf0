using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ReferralCommission.Withdrawals;

namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>docs/referral-commission.md's worked example, step by step, with its numbers (小王 ← 小李 ← 小张, 10 % and 5 %).</summary>
public sealed class WorkedExampleTests : LedgerFixture
{

    [Test]
    public async Task WorkedExample_EveryStep_MatchesTheDocument()
    {
        var (wang, li, zhang) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await Ledger.BindAsync(li, wang);
        await Ledger.BindAsync(zhang, li);

        await CompletedOrderAsync(zhang, 11_980);
        var order2 = LedgerDatabase.Paid(Guid.CreateVersion7(), zhang, 9_999);
        await Ledger.PaidAsync(Guid.CreateVersion7(), order2);
        await Ledger.RefundedAsync(Guid.CreateVersion7(), LedgerDatabase.Refund(order2.OrderId, zhang, 3_333, 3_333, 9_999));
        var afterFirstRefund = await Ledger.LinesAsync(order2.OrderId);
        await Ledger.RefundedAsync(Guid.CreateVersion7(), LedgerDatabase.Refund(order2.OrderId, zhang, 6_666, 9_999, 9_999));
        await Ledger.SettleAsync();
        var (liAfterTwoOrders, wangAfterTwoOrders) = (await Ledger.BalanceAsync(li), await Ledger.BalanceAsync(wang));

        var wangTooLittle = await Ledger.WithdrawAsync(wang, "w1", 599);
        var liWithdraws = await Ledger.WithdrawAsync(li, "k1", 1_198);
        await Ledger.DecideAsync(liWithdraws.Withdrawal!.WithdrawalId, paid: true);
        var liRetries = await Ledger.WithdrawAsync(li, "k1", 1_198);

        var order3 = await CompletedOrderAsync(zhang, 12_000);
        var liWithdrawsAgain = await Ledger.WithdrawAsync(li, "k2", 1_200);
        await Ledger.DecideAsync(liWithdrawsAgain.Withdrawal!.WithdrawalId, paid: true);
        await Ledger.RefundedAsync(Guid.CreateVersion7(), LedgerDatabase.Refund(order3, zhang, 12_000, 12_000, 12_000));
        var liInDebt = await Ledger.BalanceAsync(li);
        await CompletedOrderAsync(zhang, 15_000);
        var liRepaid = await Ledger.BalanceAsync(li);

        Assert.Multiple(() =>
        {
            Assert.That(afterFirstRefund.Where(l => l.Kind == "reversal").Select(l => (l.Tier, l.Amount)), Is.EquivalentTo(new[] { (1, -333L), (2, -166L) }));
            Assert.That((liAfterTwoOrders.Available.Amount, liAfterTwoOrders.Frozen.Amount), Is.EqualTo((1_198L, 0L)));
            Assert.That((wangAfterTwoOrders.Available.Amount, wangAfterTwoOrders.Frozen.Amount), Is.EqualTo((599L, 0L)));
            Assert.That(wangTooLittle.Refusal, Is.EqualTo(WithdrawalRefusal.BelowMinimum));
            Assert.That(liRetries.Withdrawal!.WithdrawalId, Is.EqualTo(liWithdraws.Withdrawal.WithdrawalId));
            Assert.That(liRetries.IsNew, Is.False);
            Assert.That((liInDebt.Available.Amount, liInDebt.Withdrawn.Amount), Is.EqualTo((-1_200L, 2_398L)));
            Assert.That(liRepaid.Available.Amount, Is.EqualTo(300));
        });
    }

    /// <summary>Paid, completed and settled past the freeze.</summary>
    private async Task<Guid> CompletedOrderAsync(Guid buyer, long total)
    {
        var paid = LedgerDatabase.Paid(Guid.CreateVersion7(), buyer, total);
        await Ledger.PaidAsync(Guid.CreateVersion7(), paid);
        await Ledger.CompletedAsync(Guid.CreateVersion7(), new OrderCompleted(paid.OrderId, buyer, Guid.Empty, total, "CNY", LedgerDatabase.Epoch.AddDays(1)));
        await Ledger.SettleAsync();
        return paid.OrderId;
    }
}
