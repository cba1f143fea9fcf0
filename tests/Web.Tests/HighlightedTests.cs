using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCommerce.Web.Components.Shared;

namespace SocialCommerce.Web.Tests;

public sealed class HighlightedTests
{
    [Test]
    public async Task Render_CatalogHighlight_KeepsOnlyTheMarks()
    {
        var html = await RenderAsync("云南<em>普洱</em>茶 &lt;script&gt;alert(1)&lt;/script&gt; &amp; 礼盒");

        Assert.That(html, Is.EqualTo("云南<em>普洱</em>茶 &lt;script&gt;alert(1)&lt;/script&gt; &amp; 礼盒"));
    }

    [Test]
    public async Task Render_MarkupThatIsNotAMark_IsWrittenAsText()
    {
        var html = await RenderAsync("<b onclick=\"x()\">茶</b>");

        Assert.That(html, Does.Not.Contain("<b").And.Contain("&lt;b onclick"));
    }

    private static async Task<string> RenderAsync(string highlight)
    {
        // As the web client registers it (Program.cs): Chinese written as text, not as numeric entities.
        var services = new ServiceCollection().AddLogging().AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)).BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<Highlighted>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Html"] = highlight }));
            return output.ToHtmlString();
        });
    }
}
