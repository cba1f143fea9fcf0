using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ReferralCommission.Bindings;
using SocialCommerce.ReferralCommission.Fraud;

namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>
/// Fraud flags on real bindings: the threshold within the window opens one flag per signal, later bindings join it, phone
/// prefixes count per referrer, and a binding an admin cleared is not flagged again for the same signal.
/// </summary>
public sealed class FraudFlagTests : LedgerFixture
{
    private static readonly ReferralOptions Options = new() { FraudWindow = TimeSpan.FromHours(24), SameDeviceThreshold = 3, SamePhonePrefixThreshold = 3 };

    [Test]
    public async Task Bind_ThirdAccountFromOneDevice_OneFlagHoldingAllThreeAndTheFourthJoins()
    {
        var device = "device-" + Guid.NewGuid().ToString("N");
        var code = await CodeOfNewReferrerAsync();

        var users = new List<Guid>();
        for (var i = 0; i < 4; i++) users.Add(await BindAsync(code, new BindingSignals(device, null), LedgerDatabase.Epoch.AddMinutes(i)));

        var flags = await FlagsAsync(device);
        Assert.Multiple(() =>
        {
            Assert.That(flags, Has.Count.EqualTo(1));
            Assert.That(flags[0].Reason, Is.EqualTo(FraudChecks.SameDevice));
            Assert.That(flags[0].Users, Is.EquivalentTo(users));
        });
    }

    [Test]
    public async Task Bind_SameDeviceOutsideTheWindow_NoFlag()
    {
        var device = "device-" + Guid.NewGuid().ToString("N");
        var code = await CodeOfNewReferrerAsync();

        for (var i = 0; i < 3; i++) await BindAsync(code, new BindingSignals(device, null), LedgerDatabase.Epoch.AddDays(2 * i));

        Assert.That(await FlagsAsync(device), Is.Empty);
    }

    [Test]
    public async Task Bind_OnePhonePrefixToTwoReferrers_CountsPerReferrer()
    {
        var prefix = Random.Shared.Next(1_300_000, 1_999_999).ToString();
        var (one, other) = (await CodeOfNewReferrerAsync(), await CodeOfNewReferrerAsync());

        await BindAsync(one, new BindingSignals(null, prefix), LedgerDatabase.Epoch);
        await BindAsync(other, new BindingSignals(null, prefix), LedgerDatabase.Epoch);
        await BindAsync(one, new BindingSignals(null, prefix), LedgerDatabase.Epoch);
        var beforeThird = await FlagsLikeAsync($"%:{prefix}");
        await BindAsync(one, new BindingSignals(null, prefix), LedgerDatabase.Epoch);

        var flags = await FlagsLikeAsync($"%:{prefix}");
        Assert.Multiple(() =>
        {
            Assert.That(beforeThird, Is.Empty, "two to one referrer and one to another is not three to one");
            Assert.That(flags, Has.Count.EqualTo(1));
            Assert.That(flags[0].Reason, Is.EqualTo(FraudChecks.SamePhonePrefix));
            Assert.That(flags[0].Users, Has.Length.EqualTo(3));
        });
    }

    [Test]
    public async Task Bind_AfterTheFlagWasCleared_NewFlagHoldsOnlyTheNewcomer()
    {
        var device = "device-" + Guid.NewGuid().ToString("N");
        var code = await CodeOfNewReferrerAsync();
        for (var i = 0; i < 3; i++) await BindAsync(code, new BindingSignals(device, null), LedgerDatabase.Epoch);
        var cleared = (await FlagsAsync(device)).Single();
        var clear = await FlagEndpoints.Clear(cleared.FlagId, new DecisionRequest("siblings sharing a phone"), Admin(), Ledger.DataSource, LedgerDatabase.Metrics, TimeProvider.System);

        var newcomer = await BindAsync(code, new BindingSignals(device, null), LedgerDatabase.Epoch);

        var open = await FlagsAsync(device);
        Assert.Multiple(() =>
        {
            Assert.That(clear.Result, Is.TypeOf<Ok<FraudFlag>>());
            Assert.That(open, Has.Count.EqualTo(1));
            Assert.That(open[0].FlagId, Is.Not.EqualTo(cleared.FlagId));
            Assert.That(open[0].Users, Is.EqualTo(new[] { newcomer }));
        });
    }

    [Test]
    public async Task Confirm_FlagOverSettledAndHeldCommission_AllReversedBindingsStopEarning()
    {
        var device = "device-" + Guid.NewGuid().ToString("N");
        var referrer = Guid.CreateVersion7();
        var code = await CodeOfNewReferrerAsync(referrer);
        var first = await BindAsync(code, new BindingSignals(device, null), LedgerDatabase.Epoch);
        var second = await BindAsync(code, new BindingSignals(device, null), LedgerDatabase.Epoch);
        await CompletedOrderAsync(first, 10_000);   // settles before any flag: 1,000 available
        var withdrawal = await Ledger.WithdrawAsync(referrer, "w1", 1_000);
        await Ledger.DecideAsync(withdrawal.Withdrawal!.WithdrawalId, paid: true);
        var third = await BindAsync(code, new BindingSignals(device, null), LedgerDatabase.Epoch);   // the flag
        await CompletedOrderAsync(second, 20_000);   // held by the flag: 2,000 frozen
        var held = await Ledger.BalanceAsync(referrer);
        var flag = (await FlagsAsync(device)).Single();

        var confirm = await FlagEndpoints.Confirm(flag.FlagId, new DecisionRequest("one phone, three accounts"), Admin(), Ledger.DataSource, LedgerDatabase.Metrics, TimeProvider.System);
        var again = await FlagEndpoints.Clear(flag.FlagId, new DecisionRequest(null), Admin(), Ledger.DataSource, LedgerDatabase.Metrics, TimeProvider.System);
        var later = LedgerDatabase.Paid(Guid.CreateVersion7(), third, 5_000) with { PaidAt = DateTimeOffset.UtcNow.AddMinutes(1) };
        await Ledger.PaidAsync(Guid.CreateVersion7(), later);
        await Ledger.SettleAsync();
        var after = await Ledger.BalanceAsync(referrer);

        Assert.Multiple(async () =>
        {
            Assert.That((held.Frozen.Amount, held.Available.Amount, held.Withdrawn.Amount), Is.EqualTo((2_000L, 0L, 1_000L)));
            Assert.That(((Ok<FraudFlag>)confirm.Result).Value!.Resolution, Is.EqualTo("confirmed"));
            Assert.That(again.Result, Is.TypeOf<ProblemHttpResult>(), "a flag is decided once");
            Assert.That((after.Frozen.Amount, after.Available.Amount, after.Withdrawn.Amount), Is.EqualTo((0L, -1_000L, 1_000L)),
                "the settled and withdrawn 1,000 is now owed; the held 2,000 is gone");
            Assert.That(await Ledger.LinesAsync(later.OrderId), Is.Empty, "the flagged bindings stopped earning");
            Assert.That(await FlagsLikeAsync(device, "confirmed"), Has.Count.EqualTo(1));
        });
    }

    private static DefaultHttpContext Admin() =>
        new() { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(SocialCommerce.ServiceDefaults.Auth.TokenClaims.Subject, Guid.NewGuid().ToString())])) };

    private async Task CompletedOrderAsync(Guid buyer, long total)
    {
        var paid = LedgerDatabase.Paid(Guid.CreateVersion7(), buyer, total);
        await Ledger.PaidAsync(Guid.CreateVersion7(), paid);
        await Ledger.CompletedAsync(Guid.CreateVersion7(), new OrderCompleted(paid.OrderId, buyer, Guid.Empty, total, "CNY", LedgerDatabase.Epoch));
        await Ledger.SettleAsync();
    }

    private async Task<string> CodeOfNewReferrerAsync(Guid? referrerId = null)
    {
        var referrer = referrerId ?? Guid.CreateVersion7();
        var code = "R" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        await using var connection = await Ledger.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("INSERT INTO invite_codes (user_id, code, created_at) VALUES (@referrer, @code, now())", new { referrer, code });
        await Ledger.RegisterAsync(true, referrer);
        return code;
    }

    private async Task<Guid> BindAsync(string code, BindingSignals signals, DateTimeOffset at)
    {
        var userId = Guid.CreateVersion7();
        await using var connection = await Ledger.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (outcome, _) = await Bindings.Bindings.BindAsync(connection, transaction, userId, code, "api", signals, at, Options, LedgerDatabase.Metrics);
        await transaction.CommitAsync();
        Assert.That(outcome, Is.EqualTo(BindOutcome.Bound));
        await Ledger.RegisterAsync(true, userId);
        return userId;
    }

    private Task<IReadOnlyList<FraudFlag>> FlagsAsync(string signal) => FlagsLikeAsync(signal);

    /// <summary>Flags (open unless said) whose signal is like the pattern, read through the admin endpoint.</summary>
    private async Task<IReadOnlyList<FraudFlag>> FlagsLikeAsync(string pattern, string status = "open")
    {
        var result = await FlagEndpoints.List(status, Ledger.DataSource);
        var flags = ((Ok<IReadOnlyList<FraudFlag>>)result.Result).Value!;
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("%", ".*") + "$";
        return flags.Where(flag => System.Text.RegularExpressions.Regex.IsMatch(flag.Signal, regex)).ToList();
    }
}
