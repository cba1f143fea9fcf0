namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// The lexicon shipped in the assembly (Screening/Lexicons/*.txt, embedded as Lexicons.&lt;name&gt;.txt): one term per
/// line as "term" or "term TAB category" (the category defaults to the file name), '#' comments, blank lines ignored.
/// </summary>
public static class StarterLexicon
{
    private const string Prefix = "Lexicons.";
    private const string Suffix = ".txt";

    public static IReadOnlyList<(string Name, IReadOnlyList<LexiconTerm> Terms)> Load()
    {
        var assembly = typeof(StarterLexicon).Assembly;
        var lexicons = new List<(string, IReadOnlyList<LexiconTerm>)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(IsLexicon).Order(StringComparer.Ordinal))
        {
            var name = resource[Prefix.Length..^Suffix.Length];
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            lexicons.Add((name, Parse(name, reader)));
        }
        return lexicons;
    }

    internal static List<LexiconTerm> Parse(string name, TextReader reader)
    {
        var terms = new List<LexiconTerm>();
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            var tab = trimmed.IndexOf('\t');
            var term = tab < 0 ? trimmed : trimmed[..tab].Trim();
            var category = tab < 0 ? name : trimmed[(tab + 1)..].Trim();
            if (!Categories.Lexicon.Contains(category))
                throw new InvalidDataException($"Lexicon {name}: \"{category}\" is not a lexicon category (term \"{term}\").");
            terms.Add(new LexiconTerm(term, category));
        }
        return terms;
    }

    private static bool IsLexicon(string resource) =>
        resource.StartsWith(Prefix, StringComparison.Ordinal) && resource.EndsWith(Suffix, StringComparison.Ordinal);
}
