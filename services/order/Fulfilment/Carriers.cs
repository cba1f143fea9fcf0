using System.Text.RegularExpressions;

namespace SocialCommerce.Order.Fulfilment;

/// <summary>The carriers a merchant may ship with, by the codes their tracking callbacks use.</summary>
public static partial class Carriers
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "sf", "zto", "yto", "sto", "yunda", "jd", "ems", "sandbox",
    };

    public static bool IsTrackingNo(string? value) => value is not null && TrackingNo().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9]{6,40}$")]
    private static partial Regex TrackingNo();
}
