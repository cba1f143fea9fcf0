namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>One migrated ledger database (with its root ← u1 ← u2 ← u3 chain) per fixture.</summary>
public abstract class LedgerFixture
{
    protected LedgerDatabase Ledger { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateLedgerAsync() => Ledger = await LedgerDatabase.CreateAsync();

    [OneTimeTearDown]
    public async Task DisposeLedgerAsync() => await Ledger.DisposeAsync();
}
