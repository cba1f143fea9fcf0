namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// Screening/variants.txt, embedded: one "traditional TAB simplified" pair per line, '#' comments. Folding both the
/// lexicon and the text through it lets one simplified term catch its traditional spelling (國家級 for 国家级).
/// </summary>
internal static class VariantTable
{
    private const string ResourceName = "Screening.variants.txt";

    public static IEnumerable<(char Traditional, char Simplified)> Load()
    {
        using var stream = typeof(VariantTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var pairs = new List<(char, char)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Length != 1 || parts[1].Length != 1)
                throw new InvalidDataException($"{ResourceName}: expected one character, a tab and one character, got \"{line}\".");
            pairs.Add((parts[0][0], parts[1][0]));
        }
        return pairs;
    }
}
