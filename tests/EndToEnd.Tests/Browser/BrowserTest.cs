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
        contexts.Add(context);
        return await context.NewPageAsync();
    }

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
