using System.ComponentModel.DataAnnotations;

namespace SocialCommerce.Order;

public sealed class OrderOptions
{
    /// <summary>An order not paid this long after checkout is cancelled and its stock released. Keep it below catalog's reservation time.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A delivered order the shopper has not confirmed completes by itself this long after delivery.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan AutoCompleteAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The no-reason return window (7天无理由退货) after delivery.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan RefundWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the order's periodic sweeps run and its owed-call worker looks for due calls.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 50)]
    public int MaxLines { get; set; } = 20;

    /// <summary>The gateway's address as shoppers reach it, for share links (a group-buy team's).</summary>
    [Required, Url]
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    [Range(1, 10_000)]
    public int MaxQuantityPerLine { get; set; } = 99;

    /// <summary>How long an admitted flash-sale buyer has to pay before the units go back to the quota.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FlashSalePaymentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many rows a flash sale's quota is split over (fewer when the quota is smaller): concurrent admissions lock different ones.</summary>
    [Range(1, 256)]
    public int FlashSaleBuckets { get; set; } = 16;

    /// <summary>
    /// How many flash-sale tickets' orders each replica places at once: the rate a sale's orders are created at, kept below
    /// what would slow the admissions answered meanwhile (each is a whole checkout: catalog twice, payment-adapter once).
    /// </summary>
    [Range(1, 64)]
    public int FlashSaleOrderParallel { get; set; } = 4;

    /// <summary>
    /// How many stock commits each replica makes at once. One at a time kept up with about 30 paid orders a second on two
    /// cores while checkouts ran at 150: the commits owed piled up for as long as the load lasted, and a commit that comes
    /// after the reservation lapsed cancels a paid order (docs/benchmarks.md, step [13]).
    /// </summary>
    [Range(1, 64)]
    public int StockCommitParallel { get; set; } = 8;

    /// <summary>
    /// How long a replica has to place the tickets' orders it took before another may (a replica that died mid-batch): above
    /// one checkout's longest run. A lease that runs out early costs a wasted attempt, never a second order.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan FlashSaleOrderLease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Carriers post tracking events signed with this shared secret (one carrier integration: the sandbox one).</summary>
public sealed class CarrierOptions
{
    [Required, MinLength(16)]
    public string WebhookSecret { get; set; } = "";

    [Range(30, 3600)]
    public int WebhookToleranceSeconds { get; set; } = 300;
}
