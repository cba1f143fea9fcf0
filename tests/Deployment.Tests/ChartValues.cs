using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// Chart values as Helm sees them: YAML read with the core schema's types (a plain <c>2</c> is a number, <c>"2"</c> a
/// string, <c>true</c> a boolean), and override files merged over the defaults map by map (a list or a scalar replaces).
/// </summary>
internal static class ChartValues
{
    public static JsonNode Load(string path) => ToJson(Yaml.Load(path)) ?? new JsonObject();

    public static JsonNode Merged(params string[] paths)
    {
        var merged = Load(paths[0]);
        foreach (var path in paths.Skip(1)) Merge((JsonObject)merged, (JsonObject)Load(path));
        return merged;
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            if (value is JsonObject child && into[key] is JsonObject existing) Merge(existing, child);
            else into[key] = value?.DeepClone();
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any)) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if ((char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return JsonValue.Create(number);
        return JsonValue.Create(text);
    }
}
