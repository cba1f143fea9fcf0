using Microsoft.Playwright;

namespace SocialCommerce.TestSupport;

/// <summary>
/// One headless Chromium for a whole run (the end-to-end suite's browser tests, the web benchmark): Debian's (<c>/usr/bin/chromium</c>, installed by <c>./build.sh test</c>,
/// or <c>SC_CHROMIUM</c>), never a browser Playwright would download. Each test gets a fresh context (its own cookies),
/// sized like a phone.
/// </summary>
public static class Chromium
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? browser;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("SC_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>A phone: 375 px wide, Chinese, touch, Beijing time; relative URLs go to <paramref name="baseUrl"/> (the gateway).</summary>
    public static async Task<IBrowserContext> NewPhoneAsync(string baseUrl)
    {
        var shared = await BrowserAsync();
        var context = await shared.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BaseURL = baseUrl,
        });
        // Pages must answer well within this on a busy machine; a stuck page fails the test instead of hanging the run.
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    private static async Task<IBrowser> BrowserAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (browser is not null) return browser;
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // No sandbox: CI runs as root, where Chromium's sandbox refuses to start. Nothing leaves the machine.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"],
            });
            return browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task CloseAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        browser = null;
        playwright = null;
    }
}
