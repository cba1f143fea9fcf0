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
}
