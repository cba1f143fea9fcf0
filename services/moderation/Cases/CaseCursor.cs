using System.Globalization;

namespace SocialCommerce.Moderation.Cases;

/// <summary>Keyset position in a case list: the sort timestamp and id of the last case on the page.</summary>
public sealed record CaseCursor(DateTime At, Guid Id)
{
    public string Encode() => $"{At.Ticks.ToString(CultureInfo.InvariantCulture)}_{Id:N}";

    public static bool TryParse(string? value, out CaseCursor? cursor)
    {
        cursor = null;
        var parts = value?.Split('_');
        if (parts is not [var ticks, var id]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            || at < DateTime.MinValue.Ticks || at > DateTime.MaxValue.Ticks
            || !Guid.TryParseExact(id, "N", out var caseId)) return false;
        cursor = new CaseCursor(new DateTime(at, DateTimeKind.Utc), caseId);
        return true;
    }
}
