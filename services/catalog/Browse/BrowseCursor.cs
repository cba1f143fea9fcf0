using System.Buffers.Text;
using System.Text;

namespace SocialCommerce.Catalog.Browse;

/// <summary>
/// Where a page ended: the last item's sort key (one or two integers) and its id as the tie-breaker. Clients see
/// it as opaque base64url; it names its sort, so a cursor from another sort order is refused instead of skipping.
/// </summary>
public sealed record BrowseCursor(BrowseSort Sort, long[] Keys, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{(int)Sort}:{string.Join(',', Keys)}:{Id:N}"));

    public static bool TryDecode(string value, BrowseSort sort, out BrowseCursor? cursor)
    {
        cursor = null;
        if (value.Length > 200 || !Base64Url.IsValid(value)) return false;
        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split(':');
        if (parts.Length != 3 || parts[0] != ((int)sort).ToString() || !Guid.TryParseExact(parts[2], "N", out var id)) return false;

        var keys = new List<long>();
        foreach (var part in parts[1].Split(','))
        {
            if (!long.TryParse(part, System.Globalization.NumberStyles.AllowLeadingSign, null, out var key)) return false;
            keys.Add(key);
        }

        if (keys.Count != KeyCount(sort)) return false;
        // Newest pages by listing time as ticks: a forged cursor outside DateTime's range would otherwise throw later.
        if (sort == BrowseSort.Newest && (keys[0] < DateTime.MinValue.Ticks || keys[0] > DateTime.MaxValue.Ticks)) return false;
        cursor = new BrowseCursor(sort, [.. keys], id);
        return true;
    }

    // Relevance pages by (rank, sales, id); every other sort by (key, id).
    public static int KeyCount(BrowseSort sort) => sort == BrowseSort.Relevance ? 2 : 1;
}
