using Microsoft.Kiota.Abstractions.Serialization;

namespace SocialCommerce.Web.Api;

/// <summary>A SKU's attributes ({"规格": "357g", "年份": "2019"}) as the words a shopper picks between.</summary>
public static class SkuAttributes
{
    public static string Text(UntypedNode? attributes) => attributes is UntypedObject map
        ? string.Join(" / ", map.GetValue().Select(pair => Value(pair.Value)).Where(value => value.Length > 0))
        : "";

    private static string Value(UntypedNode node) => node switch
    {
        UntypedString text => text.GetValue() ?? "",
        UntypedInteger number => number.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
        UntypedLong number => number.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
        UntypedBoolean flag => flag.GetValue() ? "是" : "否",
        _ => "",
    };

    /// <summary>
    /// The seller form's one-line spelling, 规格:357g，年份:2019 (either comma, either colon), as the API's map;
    /// a part without a colon is a value named 规格. Empty text is a SKU without attributes.
    /// </summary>
    public static Dictionary<string, object> Parse(string? text)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var part in (text ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split([':', '：'], 2, StringSplitOptions.TrimEntries);
            map[pair.Length == 2 ? pair[0] : "规格"] = pair.Length == 2 ? pair[1] : pair[0];
        }

        return map;
    }

    /// <summary>The map back in the form's spelling, for editing.</summary>
    public static string Write(IDictionary<string, object>? attributes) => attributes is null
        ? ""
        : string.Join("，", attributes.Select(pair => $"{pair.Key}:{(pair.Value is UntypedNode node ? Value(node) : pair.Value?.ToString())}"));
}
