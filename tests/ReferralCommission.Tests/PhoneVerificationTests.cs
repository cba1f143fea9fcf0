using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ReferralCommission.Bindings;

namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>Commission settles only between accounts that proved their phones by SMS; it waits, frozen, until they do.</summary>
public sealed class PhoneVerificationTests : LedgerFixture
{
    [TestCase(true, false, TestName = "Settle_BuyerNeverProvedPhone_StaysFrozenUntilPhoneVerified")]
    [TestCase(false, true, TestName = "Settle_ReferrerNeverProvedPhone_StaysFrozenUntilPhoneVerified")]
    public async Task Settle_OneEndUnproven_StaysFrozenUntilPhoneVerified(bool buyerVerified, bool referrerVerified)
    {
        var (referrer, buyer) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await Ledger.RegisterAsync(referrerVerified, referrer);
        await Ledger.RegisterAsync(buyerVerified, buyer);
        await Ledger.BindAsync(buyer, referrer);
        var paid = LedgerDatabase.Paid(Guid.CreateVersion7(), buyer, 10_000);
        await Ledger.PaidAsync(Guid.CreateVersion7(), paid);
        await Ledger.CompletedAsync(Guid.CreateVersion7(), new OrderCompleted(paid.OrderId, buyer, Guid.Empty, paid.Total, "CNY", LedgerDatabase.Epoch));

        await Ledger.SettleAsync();
        var held = await Ledger.BalanceAsync(referrer);
        var unproven = buyerVerified ? referrer : buyer;
        await Ledger.Inbox.HandleOnceAsync(Guid.CreateVersion7(), nameof(PhoneVerifiedConsumer), (connection, transaction) =>
            PhoneVerifiedConsumer.MarkAsync(connection, transaction, new PhoneVerified(unproven, DateTimeOffset.UtcNow)));
        await Ledger.SettleAsync();
        var settled = await Ledger.BalanceAsync(referrer);

        Assert.Multiple(() =>
        {
            Assert.That((held.Frozen.Amount, held.Available.Amount), Is.EqualTo((1_000L, 0L)), "accrued, but held");
            Assert.That((settled.Frozen.Amount, settled.Available.Amount), Is.EqualTo((0L, 1_000L)), "settled once the phone was proven");
        });
    }
}
