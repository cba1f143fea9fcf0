using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Contracts.Events.Referral;
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
/// <para>
/// Consumed in batches (brief P5: 500 orders/s): one transaction of a few set statements for up to <see cref="BatchSize"/>
/// orders. If a batch fails, its orders are tried one by one, so one bad order cannot hold the others back; the inbox makes
/// the batch's redelivery skip whatever did go through.
/// </para>
/// </summary>
public sealed class OrderPaidConsumer(Inbox inbox, ReferralMetrics metrics, TimeProvider time) : IConsumer<Batch<OrderPaid>>
{
    public const int BatchSize = 100;

    public static void Configure(IConsumerConfigurator<OrderPaidConsumer> consumer) => consumer.Options<BatchOptions>(options =>
    {
        options.MessageLimit = BatchSize;
        // Short: at low rates a lone order should not wait for company.
        options.TimeLimit = TimeSpan.FromMilliseconds(20);
        options.ConcurrencyLimit = 2;
    });

    public async Task Consume(ConsumeContext<Batch<OrderPaid>> context)
    {
        var orders = context.Message.Select(paid => (paid.MessageId ?? throw new InvalidOperationException("OrderPaid without a message id."), paid.Message))
            .ToList();
        try
        {
            await inbox.HandleBatchOnceAsync(orders, nameof(OrderPaidConsumer),
                (connection, transaction, fresh) => AccrueAsync(connection, transaction, fresh, time.GetUtcNow(), metrics), context.CancellationToken);
        }
        catch (Exception) when (orders.Count > 1 && !context.CancellationToken.IsCancellationRequested)
        {
            foreach (var (messageId, paid) in orders)
            {
                await inbox.HandleOnceAsync(messageId, nameof(OrderPaidConsumer),
                    (connection, transaction) => AccrueAsync(connection, transaction, [paid], time.GetUtcNow(), metrics), context.CancellationToken);
            }
        }
    }

    /// <summary>Inside the inbox's transaction.</summary>
    public static Task AccrueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderPaid paid, DateTimeOffset now, ReferralMetrics metrics) =>
        AccrueAsync(connection, transaction, [paid], now, metrics);

    /// <summary>Inside the inbox's transaction.</summary>
    public static async Task AccrueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OrderPaid> orders, DateTimeOffset now, ReferralMetrics metrics)
    {
        var versions = await CommissionRules.AllAsync(connection, transaction);
        var chains = await ReferralChains.LoadAsync(connection, transaction, orders, versions.Any(v => v.Rules.SelfPurchaseRebate));
        var lines = new List<(CommissionAccrued Accrued, string Attribution)>();
        foreach (var paid in orders)
        {
            var version = CommissionRules.InForceAt(versions, paid.PaidAt);
            if (paid.CampaignId is not null && !version.Rules.CampaignOrders) continue;
            var (tier1, attribution) = version.Rules.SelfPurchaseRebate && chains.IsPromoter(paid.UserId)
                ? (paid.UserId, "self-purchase")
                : chains.ReferrerAt(paid.UserId, paid.PaidAt) is { } bound ? (bound, "binding")
                : chains.CodeOwner(paid.ReferralCode) is { } owner && owner != paid.UserId ? (owner, "share-code")
                : ((Guid?)null, "");
            if (tier1 is null) continue;
            AddLine(lines, paid, 1, tier1.Value, version, attribution);
            if (version.Rules.Tiers == 2 && chains.ReferrerAt(tier1.Value, paid.PaidAt) is { } tier2 && tier2 != paid.UserId)
            {
                AddLine(lines, paid, 2, tier2, version, "binding");
            }
        }

        await InsertAsync(connection, transaction, lines, metrics);
        await CatchUpAsync(connection, transaction, orders.Select(paid => paid.OrderId).Distinct().ToArray(), now, metrics);
    }

    private static void AddLine(
        List<(CommissionAccrued, string)> lines, OrderPaid paid, int tier, Guid beneficiary, RuleVersion version, string attribution)
    {
        var rate = CommissionRules.ToBasisPoints(tier == 1 ? version.Rules.Tier1Rate : version.Rules.Tier2Rate);
        var amount = Commission.Of(paid.Total, rate);
        if (amount == 0) return;
        lines.Add((new CommissionAccrued(Guid.CreateVersion7(), paid.OrderId, beneficiary, paid.UserId, tier, paid.Total, rate, amount, paid.Currency,
            version.Version, paid.PaidAt), attribution));
    }

    /// <summary>The lines, and an event for each line written now (a republished OrderPaid's lines exist already and send none).</summary>
    private static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(CommissionAccrued Accrued, string Attribution)> lines, ReferralMetrics metrics)
    {
        var inserted = await CommissionLedger.AccrueAsync(connection, transaction, lines);
        var events = lines.Select(line => line.Accrued).Where(a => inserted.Contains(a.EntryId)).OrderBy(a => (a.OrderId, a.Tier)).ToList();
        await Outbox.AddManyAsync(connection, transaction, events);
        foreach (var line in events) metrics.Accrued(line.Tier, line.Amount);
    }

    /// <summary>Completions and refunds of these orders heard before their payment (events out of order) apply now.</summary>
    private static async Task CatchUpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] orderIds, DateTimeOffset now, ReferralMetrics metrics)
    {
        var outcomes = await connection.QueryAsync<(Guid OrderId, DateTime? CompletedAt, long RefundedTotal, Guid? LastRefundId)>(
            "SELECT order_id, completed_at, refunded_total, last_refund_id FROM order_outcomes WHERE order_id = ANY(@orderIds)", new { orderIds }, transaction);
        foreach (var outcome in outcomes)
        {
            if (outcome.RefundedTotal > 0)
            {
                await Clawback.ApplyAsync(connection, transaction, outcome.OrderId, outcome.RefundedTotal, outcome.LastRefundId!.Value, now, metrics);
            }

            if (outcome.CompletedAt is { } completedAt)
            {
                await CommissionLedger.ScheduleAsync(connection, transaction, outcome.OrderId, new DateTimeOffset(completedAt, TimeSpan.Zero));
            }
        }
    }
}
