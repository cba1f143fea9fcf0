namespace SocialCommerce.Catalog.Tests;

/// <summary>One catalog app (own database and virtual host) per fixture, started once for its tests.</summary>
public abstract class CatalogFixture
{
    protected CatalogApp App { get; private set; } = null!;

    /// <summary>Configuration a fixture needs on top of the defaults (moderation auto-approval is off).</summary>
    protected virtual Dictionary<string, string>? Settings => null;

    [OneTimeSetUp]
    public async Task StartApp() => App = await CatalogApp.StartAsync(Settings);

    [OneTimeTearDown]
    public async Task StopApp() => await App.DisposeAsync();
}
