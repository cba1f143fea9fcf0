using System.Globalization;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Social;

/// <summary>One page of a list: <c>{ items, nextCursor }</c> (api.md); nextCursor is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Keyset position in a list sorted by a time and an id: the last item of the page.</summary>
public sealed record PageCursor(DateTime At, Guid Id)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    /// <summary>Later than any stored time: the start of a newest-first list.</summary>
    public static readonly PageCursor Newest = new(DateTime.MaxValue, Guid.Empty);

    public string Encode() => $"{At.Ticks.ToString(CultureInfo.InvariantCulture)}_{Id:N}";

    public static bool TryParse(string? value, out PageCursor? cursor)
    {
        cursor = null;
        var parts = value?.Split('_');
        if (parts is not [var ticks, var id]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            || at < DateTime.MinValue.Ticks || at > DateTime.MaxValue.Ticks
            || !Guid.TryParseExact(id, "N", out var itemId)) return false;
        cursor = new PageCursor(new DateTime(at, DateTimeKind.Utc), itemId);
        return true;
    }

    /// <summary>Checks <c>?limit=&amp;cursor=</c> the same way on every list.</summary>
    public static Validator Validate(int? limit, string? cursor, out PageCursor? position)
    {
        PageCursor? parsed = null;
        var validator = new Validator()
            .Check(limit is null or (> 0 and <= MaxLimit), "limit", $"must be between 1 and {MaxLimit}")
            .Check(cursor is null || TryParse(cursor, out parsed), "cursor", "is not a cursor this API returned");
        position = parsed;
        return validator;
    }
}
