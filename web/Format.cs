using System.Globalization;

namespace SocialCommerce.Web;

/// <summary>How the pages write money, times and statuses. Money is fen (integers) all the way; never floating point.</summary>
public static class Format
{
    /// <summary>Beijing time, the zone every page shows and every form means.</summary>
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static string Yuan(long? fen)
    {
        var value = fen ?? 0;
        var sign = value < 0 ? "-" : "";
        value = Math.Abs(value);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}¥{value / 100}.{value % 100:D2}");
    }

    /// <summary>A price typed in yuan, in fen; rounding only what a person could not have meant (¥1.005).</summary>
    public static long Fen(decimal yuan) => (long)Math.Round(yuan * 100, MidpointRounding.AwayFromZero);

    /// <summary>Fen as the yuan a form shows for editing: 12.50.</summary>
    public static string YuanInput(long? fen) => fen is { } value ? (value / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "";

    /// <summary>Shoppers are in China: times are shown in Beijing time whatever the server's zone.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    public static string ShortTime(DateTimeOffset? at) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, China).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>For the countdown script: the instant as an ISO string it can parse.</summary>
    public static string Iso(DateTimeOffset? at) => at?.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture) ?? "";

    public static string OrderStatus(string? status) => status switch
    {
        "awaiting-payment" => "待付款",
        "paid" => "待发货",
        "shipped" => "已发货",
        "delivered" => "已签收",
        "completed" => "已完成",
        "cancelled" => "已取消",
        "refund-requested" => "退款申请中",
        "refunding" => "退款中",
        "refunded" => "已退款",
        "partially-refunded" => "部分退款",
        _ => status ?? "",
    };
}
