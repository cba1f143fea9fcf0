using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework.Interfaces;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>
/// A test that drives the web client in Chromium through the suite's gateway, as a shopper on a phone would. A failed
/// test leaves a screenshot of the page it was on (attached to the result, and under .test-data/results/screenshots/).
/// </summary>
public abstract class BrowserTest
{
    private readonly List<IBrowserContext> contexts = [];

    protected IPage Page { get; private set; } = null!;

    [SetUp]
    public async Task OpenPageAsync() => Page = await NewPageAsync();

    /// <summary>Another person on another phone (their own cookies), for journeys with more than one shopper.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Chromium.NewPhoneAsync(Platform.GatewayUrl);
        // The demo images live on the internet, which a CI machine may not reach: a request that hangs in DNS holds the
        // page's load event (and every wait for it) for as long as the resolver takes. Only the platform is loaded here.
        await context.RouteAsync(NotThePlatform, route => route.AbortAsync());
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    // A pattern the browser's driver matches itself, so the platform's own requests are not routed through this process.
    private static readonly Regex NotThePlatform = new(@"^https?://(?!(127\.0\.0\.1|localhost)[:/])");

    [TearDown]
    public async Task ClosePagesAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            var folder = Path.Combine(Environment.GetEnvironmentVariable("SC_REPO_ROOT") ?? TestContext.CurrentContext.WorkDirectory,
                ".test-data", "results", "screenshots");
            Directory.CreateDirectory(folder);
            for (var i = 0; i < contexts.Count; i++)
            {
                foreach (var page in contexts[i].Pages.Where(page => !page.IsClosed))
                {
                    var file = Path.Combine(folder, $"{TestContext.CurrentContext.Test.Name}-{i}-{contexts[i].Pages.ToList().IndexOf(page)}.png");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
                    TestContext.AddTestAttachment(file, page.Url);
                }
            }
        }

        foreach (var context in contexts) await context.CloseAsync();
        contexts.Clear();
    }
}
