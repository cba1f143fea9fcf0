using System.Text;

namespace SocialCommerce.Catalog.Browse;

/// <summary>
/// The title as HTML with every occurrence of a search term wrapped in &lt;em&gt;; everything else, the matched
/// text included, is escaped, so a title a merchant typed can never inject markup into the client. A product
/// found through its tags or description gets its escaped title without marks.
/// </summary>
public static class Highlighter
{
    public static string Highlight(string title, SearchTerms terms)
    {
        var marked = new bool[title.Length];
        foreach (var term in terms.All)
        {
            for (var at = title.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = title.IndexOf(term, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(marked, true, at, term.Length);
            }
        }

        var html = new StringBuilder(title.Length + 32);
        for (var i = 0; i < title.Length; i++)
        {
            if (marked[i] && (i == 0 || !marked[i - 1])) html.Append("<em>");
            Escape(html, title[i]);
            if (marked[i] && (i == title.Length - 1 || !marked[i + 1])) html.Append("</em>");
        }

        return html.ToString();
    }

    private static void Escape(StringBuilder html, char c) => html.Append(c switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        _ => c.ToString(),
    });
}
