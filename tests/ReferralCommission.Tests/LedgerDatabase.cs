using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ReferralCommission.Ledger;
using SocialCommerce.ReferralCommission.Withdrawals;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>
/// A migrated referral-commission database with a referral chain root ← u1 ← u2 ← u3, and the service's handlers delivered
/// through its real inbox by message id, as MassTransit delivers them (so duplicates are real redeliveries).
/// </summary>
public sealed class LedgerDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The service's metrics as its host would build them.</summary>
    public static readonly ReferralMetrics Metrics = new(TestMeters.Factory);

    private LedgerDatabase(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        Inbox = new Inbox(dataSource);
    }

    public NpgsqlDataSource DataSource { get; }
    public Inbox Inbox { get; }
    public Guid Root { get; } = Guid.CreateVersion7();
    public Guid U1 { get; } = Guid.CreateVersion7();
    public Guid U2 { get; } = Guid.CreateVersion7();
    public Guid U3 { get; } = Guid.CreateVersion7();

    public static async Task<LedgerDatabase> CreateAsync()
    {
        var connectionString = TestInfrastructure.NewDatabase("reftest");
        new DatabaseMigrator(connectionString, typeof(OrderPaidConsumer).Assembly).Migrate();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var database = new LedgerDatabase(NpgsqlDataSource.Create(connectionString));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO bindings (user_id, referrer_id, code, source, bound_at, expires_at) VALUES
                (@U1, @Root, 'ROOTCODE', 'api', @from, @until),
                (@U2, @U1, 'U1CODE22', 'api', @from, @until),
                (@U3, @U2, 'U2CODE33', 'api', @from, @until)
            """,
            new { database.U1, database.U2, database.U3, database.Root, from = Epoch.AddDays(-1), until = Epoch.AddYears(10) });
        await database.RegisterAsync(true, database.Root, database.U1, database.U2, database.U3);
        return database;
    }

    /// <summary>Both ends of a binding made here have proven phones, as identity's events would say, unless a test says otherwise.</summary>
    public async Task BindAsync(Guid userId, Guid referrerId, bool phonesVerified = true)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO bindings (user_id, referrer_id, code, source, bound_at, expires_at) VALUES (@userId, @referrerId, 'TESTCODE', 'api', @from, @until)",
            new { userId, referrerId, from = Epoch.AddDays(-1), until = Epoch.AddYears(10) });
        await RegisterAsync(phonesVerified, userId, referrerId);
    }

    /// <summary>referral_users rows as UserRegistered makes them; an existing row keeps its flag.</summary>
    public async Task RegisterAsync(bool phoneVerified, params Guid[] users)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO referral_users (user_id, registered_at, phone_verified)
            SELECT u, @at, @phoneVerified FROM unnest(@users) AS u
            ON CONFLICT (user_id) DO NOTHING
            """,
            new { users, at = Epoch.AddDays(-2), phoneVerified });
    }

    public Task<bool> PaidAsync(Guid messageId, OrderPaid paid) =>
        Inbox.HandleOnceAsync(messageId, nameof(OrderPaidConsumer), (c, t) => OrderPaidConsumer.AccrueAsync(c, t, paid, paid.PaidAt, Metrics));

    /// <summary>A batch as <see cref="OrderPaidConsumer"/> gets it from MassTransit, through the inbox's batch path.</summary>
    public Task<int> PaidBatchAsync(IReadOnlyList<(Guid MessageId, OrderPaid Paid)> batch) =>
        Inbox.HandleBatchOnceAsync(batch, nameof(OrderPaidConsumer), (c, t, fresh) => OrderPaidConsumer.AccrueAsync(c, t, fresh, Epoch, Metrics));

    public Task<bool> CompletedAsync(Guid messageId, OrderCompleted completed) =>
        Inbox.HandleOnceAsync(messageId, nameof(OrderCompletedConsumer), (c, t) => OrderCompletedConsumer.ApplyAsync(c, t, completed));

    public Task<bool> RefundedAsync(Guid messageId, RefundCompleted refund) =>
        Inbox.HandleOnceAsync(messageId, nameof(RefundCompletedConsumer), (c, t) => RefundCompletedConsumer.ApplyAsync(c, t, refund, Metrics));

    /// <summary>A settlement run far enough in the future that everything completed is past its freeze.</summary>
    public Task<int> SettleAsync() => CommissionLedger.SettleDueAsync(DataSource, Epoch.AddYears(1), Metrics);

    public static OrderPaid Paid(Guid orderId, Guid buyer, long total) =>
        new(orderId, "N" + orderId.ToString("N")[..8], buyer, Guid.Empty, Guid.CreateVersion7(), total, "CNY", [], null, Epoch);

    public static RefundCompleted Refund(Guid orderId, Guid buyer, long amount, long refundedTotal, long orderTotal) =>
        new(Guid.CreateVersion7(), orderId, buyer, "after-sales", amount, "CNY", refundedTotal, orderTotal, [], Epoch.AddDays(2));

    public async Task<IReadOnlyList<Line>> LinesAsync(Guid orderId)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Line>(
            "SELECT id, kind, tier, beneficiary_id, amount, status, reverses, refund_id FROM commission_entries WHERE order_id = @orderId",
            new { orderId })).ToList();
    }

    /// <summary>A withdrawal request as the endpoint makes it, after every settlement so far.</summary>
    public Task<WithdrawalRequest> WithdrawAsync(Guid userId, string key, long amount) =>
        Withdrawals.Withdrawals.RequestAsync(DataSource, userId, key, amount, Epoch.AddYears(1), Epoch.AddYears(1), Metrics);

    /// <summary>The payout's answer for a withdrawal, as <see cref="WithdrawalPayouts"/> records it.</summary>
    public async Task DecideAsync(Guid withdrawalId, bool paid)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await Withdrawals.Withdrawals.DecideAsync(connection, withdrawalId, paid, paid ? null : "recipient-cannot-receive", Epoch.AddYears(1), Metrics);
    }

    public async Task<Balance> BalanceAsync(Guid userId)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await Balances.OfAsync(connection, userId);
    }

    /// <summary>The user's ledger summed straight from the rows, independently of <see cref="Balances"/>.</summary>
    public async Task<LedgerSums> SumsAsync(Guid userId)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        var entries = (await connection.QueryAsync<(string Kind, string Status, long Amount)>(
            "SELECT kind, status, amount FROM commission_entries WHERE beneficiary_id = @userId", new { userId })).ToList();
        var withdrawals = (await connection.QueryAsync<(string Status, long Amount)>(
            "SELECT status, amount FROM withdrawals WHERE user_id = @userId", new { userId })).ToList();
        return new LedgerSums(
            entries.Where(e => e.Status == "frozen").Sum(e => e.Amount),
            entries.Where(e => e is { Status: "available", Kind: "accrual" }).Sum(e => e.Amount),
            entries.Where(e => e is { Status: "available", Kind: "reversal" }).Sum(e => e.Amount),
            withdrawals.Where(w => w.Status == "pending").Sum(w => w.Amount),
            withdrawals.Where(w => w.Status == "paid").Sum(w => w.Amount));
    }

    public async ValueTask DisposeAsync() => await DataSource.DisposeAsync();

    /// <param name="AvailableReversals">Negative: clawbacks counting in available.</param>
    public sealed record LedgerSums(long Frozen, long AvailableAccruals, long AvailableReversals, long Pending, long Paid);

    public sealed record Line(Guid Id, string Kind, int Tier, Guid BeneficiaryId, long Amount, string Status, Guid? Reverses, Guid? RefundId);
}
