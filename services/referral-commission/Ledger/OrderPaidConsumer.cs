using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Contracts.Events.Referral;
using SocialCommerce.ReferralCommission.Bindings;
using SocialCommerce.ReferralCommission.Codes;
using SocialCommerce.ReferralCommission.Rules;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// An order was paid: frozen commission for the buyer's referrer (tier 1) and, when the rules in force at payment have two
/// tiers, that referrer's referrer (tier 2), never deeper. Tier 1 is the buyer's valid binding, or else the referral code the
/// order carries from a share or team link (not the buyer's own); with the self-purchase rebate on, a buyer who is a promoter
/// (has brought in someone) is their own tier 1. Campaign orders earn nothing when the rules leave them out. Amount = paid
/// total × rate, rounded down to the fen. Once per event (inbox) and once per order and tier (unique key), with the chain,
/// rates and rule version written into the entry.
/// </summary>
public sealed class OrderPaidConsumer(Inbox inbox, TimeProvider time) : IConsumer<OrderPaid>
{
    public async Task Consume(ConsumeContext<OrderPaid> context)
    {
        var paid = context.Message;
        await inbox.HandleOnceAsync(context, nameof(OrderPaidConsumer), (connection, transaction) => AccrueAsync(connection, transaction, paid, time.GetUtcNow()));
    }

    /// <summary>Inside the inbox's transaction.</summary>
    public static async Task AccrueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderPaid paid, DateTimeOffset now)
    {
        var rules = await CommissionRules.InForceAsync(connection, paid.PaidAt, transaction);
        if (paid.CampaignId is not null && !rules.Rules.CampaignOrders) return;
        var (tier1, attribution) = rules.Rules.SelfPurchaseRebate && await IsPromoterAsync(connection, transaction, paid.UserId)
            ? (paid.UserId, "self-purchase")
            : await Tier1Async(connection, transaction, paid);
        if (tier1 is null) return;
        await AccrueTierAsync(connection, transaction, paid, 1, tier1.Value, rules, attribution);
        if (rules.Rules.Tiers == 2
            && await Bindings.Bindings.ReferrerAsync(connection, transaction, tier1.Value, paid.PaidAt) is { } tier2 && tier2 != paid.UserId)
        {
            await AccrueTierAsync(connection, transaction, paid, 2, tier2, rules, "binding");
        }

        await CatchUpAsync(connection, transaction, paid.OrderId, now);
    }

    /// <summary>A completion or refund of this order heard before its payment (events out of order) applies now.</summary>
    private static async Task CatchUpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, DateTimeOffset now)
    {
        var outcome = await connection.QuerySingleOrDefaultAsync<(DateTime? CompletedAt, long RefundedTotal, Guid? LastRefundId)>(
            "SELECT completed_at, refunded_total, last_refund_id FROM order_outcomes WHERE order_id = @orderId", new { orderId }, transaction);
        if (outcome == default) return;
        if (outcome.RefundedTotal > 0)
        {
            await Clawback.ApplyAsync(connection, transaction, orderId, outcome.RefundedTotal, outcome.LastRefundId!.Value, now);
        }

        if (outcome.CompletedAt is { } completedAt)
        {
            await Settlement.ScheduleAsync(connection, transaction, orderId, new DateTimeOffset(completedAt, TimeSpan.Zero));
        }
    }

    private static Task<bool> IsPromoterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId) =>
        connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM bindings WHERE referrer_id = @userId)", new { userId }, transaction);

    private static async Task<(Guid? Referrer, string Attribution)> Tier1Async(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderPaid paid)
    {
        if (await Bindings.Bindings.ReferrerAsync(connection, transaction, paid.UserId, paid.PaidAt) is { } bound) return (bound, "binding");
        if (paid.ReferralCode is { Length: > 0 and <= 16 } code && await InviteCodes.OwnerAsync(connection, code, transaction) is { } owner
            && owner != paid.UserId)
        {
            return (owner, "share-code");
        }

        return (null, "");
    }

    private static async Task AccrueTierAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, OrderPaid paid, int tier, Guid beneficiary, RuleVersion rules, string attribution)
    {
        var rate = CommissionRules.ToBasisPoints(tier == 1 ? rules.Rules.Tier1Rate : rules.Rules.Tier2Rate);
        var amount = Commission.Of(paid.Total, rate);
        if (amount == 0) return;
        var entryId = Guid.CreateVersion7();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO commission_entries (id, kind, order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, amount, currency, status,
                                            rule_version, attribution, created_at)
            VALUES (@entryId, 'accrual', @OrderId, @tier, @beneficiary, @UserId, @Total, @rate, @amount, @Currency, 'frozen', @Version, @attribution,
                    @PaidAt)
            ON CONFLICT (order_id, tier) WHERE kind = 'accrual' DO NOTHING
            """,
            new { entryId, paid.OrderId, tier, beneficiary, paid.UserId, paid.Total, rate, amount, paid.Currency, rules.Version, attribution, paid.PaidAt },
            transaction);
        if (inserted == 0) return;
        await Outbox.AddAsync(connection, transaction, new CommissionAccrued(
            entryId, paid.OrderId, beneficiary, paid.UserId, tier, paid.Total, rate, amount, paid.Currency, rules.Version, paid.PaidAt));
        ReferralMetrics.Accrued(tier, amount);
    }
}
