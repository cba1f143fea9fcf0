using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialCommerce.Catalog.Seller;

/// <summary>
/// The canonical form of a SKU's attribute set (JSON with ordinally sorted keys): the same set written in any
/// key order gets the same key, which is how a PUT recognises a SKU and how duplicates are refused.
/// </summary>
public static class SkuAttributes
{
    // Unescaped, so the stored key stays readable for Chinese attribute names; only determinism matters.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Key(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(attributes.ToDictionary(), StringComparer.Ordinal), Options);

    public static IReadOnlyDictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
