using YamlDotNet.RepresentationModel;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// Navigation over YamlDotNet's representation model that returns null for a missing key instead of
/// throwing, so a test can say which key is missing. Keys are compared by their text only.
/// </summary>
internal static class Yaml
{
    /// <summary>The first document of a YAML text.</summary>
    public static YamlNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    public static YamlNode Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return stream.Documents[0].RootNode;
    }

    public static YamlNode? Child(this YamlNode? node, string key)
    {
        if (node is not YamlMappingNode mapping)
        {
            return null;
        }

        foreach (var pair in mapping.Children)
        {
            if (pair.Key is YamlScalarNode { Value: var name } && name == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    public static string? Text(this YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    public static int? Int(this YamlNode? node) => int.TryParse(node.Text(), out var value) ? value : null;

    public static bool Flag(this YamlNode? node) => string.Equals(node.Text(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keys of a mapping; empty for a missing or empty (<c>{}</c>, null) node.</summary>
    public static IReadOnlyList<string> Keys(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Keys.Select(key => key.Text() ?? "").ToList()
            : new List<string>();

    /// <summary>Items of a sequence as text; a plain scalar counts as a one-item list.</summary>
    public static IReadOnlyList<string> Items(this YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.Select(item => item.Text() ?? "").ToList(),
        YamlScalarNode { Value: { } value } => new List<string> { value },
        _ => new List<string>(),
    };

    /// <summary>Children of a sequence as nodes (mappings included); empty for anything else.</summary>
    public static IReadOnlyList<YamlNode> Nodes(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children.ToList() : new List<YamlNode>();
}
