using Dapper;
using Npgsql;

namespace SocialCommerce.ReferralCommission.Rules;

/// <summary>One version of the commission rules. Rates are fractions on the API (0.1 = 10 %) and basis points in the database.</summary>
/// <param name="SelfPurchaseRebate">A promoter's own purchase earns them tier 1 and their referrer tier 2.</param>
/// <param name="CampaignOrders">Whether group-buy and flash-sale orders earn commission (left out of a PUT: they do).</param>
public sealed record RuleSet(
    int Tiers, decimal Tier1Rate, decimal Tier2Rate, int BindingDays, int FreezeDays, long MinWithdrawal, bool SelfPurchaseRebate,
    bool CampaignOrders = true);

public sealed record RuleVersion(int Version, RuleSet Rules, DateTimeOffset EffectiveFrom);

/// <summary>The rules as versions: a change adds one, and an order is judged by the version in force when it was paid.</summary>
public static class CommissionRules
{
    private const string Columns =
        "version, tiers, tier1_rate_bp, tier2_rate_bp, binding_days, freeze_days, min_withdrawal, self_purchase_rebate, campaign_orders, effective_from";

    public static async Task<RuleVersion> InForceAsync(NpgsqlConnection connection, DateTimeOffset at, NpgsqlTransaction? transaction = null) =>
        ToVersion(await connection.QuerySingleAsync<Row>(
            $"SELECT {Columns} FROM rule_versions WHERE effective_from <= @at ORDER BY effective_from DESC, version DESC LIMIT 1",
            new { at }, transaction));

    /// <summary>Every version, newest first, for a batch of orders to pick theirs from (<see cref="InForceAt"/>).</summary>
    public static async Task<IReadOnlyList<RuleVersion>> AllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        (await connection.QueryAsync<Row>($"SELECT {Columns} FROM rule_versions ORDER BY effective_from DESC, version DESC", transaction: transaction))
        .Select(ToVersion).ToList();

    /// <summary>The version in force at <paramref name="at"/>, from <see cref="AllAsync"/>'s list (the same pick as <see cref="InForceAsync"/>).</summary>
    public static RuleVersion InForceAt(IReadOnlyList<RuleVersion> newestFirst, DateTimeOffset at) =>
        newestFirst.First(version => version.EffectiveFrom <= at);

    /// <summary>A new version in force from <paramref name="now"/>; versions are numbered in order under a lock.</summary>
    public static async Task<RuleVersion> ChangeAsync(NpgsqlConnection connection, RuleSet rules, Guid changedBy, DateTimeOffset now)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("LOCK TABLE rule_versions IN SHARE ROW EXCLUSIVE MODE", transaction: transaction);
        var row = await connection.QuerySingleAsync<Row>(
            $"""
            INSERT INTO rule_versions ({Columns}, changed_by)
            SELECT max(version) + 1, @Tiers, @tier1, @tier2, @BindingDays, @FreezeDays, @MinWithdrawal, @SelfPurchaseRebate, @CampaignOrders, @now,
                   @changedBy
            FROM rule_versions
            RETURNING {Columns}
            """,
            new
            {
                rules.Tiers, tier1 = ToBasisPoints(rules.Tier1Rate), tier2 = ToBasisPoints(rules.Tier2Rate), rules.BindingDays, rules.FreezeDays,
                rules.MinWithdrawal, rules.SelfPurchaseRebate, rules.CampaignOrders, now, changedBy,
            },
            transaction);
        await transaction.CommitAsync();
        return ToVersion(row);
    }

    public static int ToBasisPoints(decimal rate) => (int)(rate * 10_000m);

    private static RuleVersion ToVersion(Row row) => new(row.Version,
        new RuleSet(row.Tiers, row.Tier1RateBp / 10_000m, row.Tier2RateBp / 10_000m, row.BindingDays, row.FreezeDays, row.MinWithdrawal,
            row.SelfPurchaseRebate, row.CampaignOrders),
        new DateTimeOffset(row.EffectiveFrom, TimeSpan.Zero));

    private sealed record Row(
        int Version, int Tiers, int Tier1RateBp, int Tier2RateBp, int BindingDays, int FreezeDays, long MinWithdrawal, bool SelfPurchaseRebate,
        bool CampaignOrders, DateTime EffectiveFrom);
}
