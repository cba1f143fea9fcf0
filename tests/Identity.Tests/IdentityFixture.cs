namespace SocialCommerce.Identity.Tests;

/// <summary>One identity app (own database and virtual host) per fixture, started once for its tests.</summary>
public abstract class IdentityFixture
{
    protected IdentityApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartApp() => App = await IdentityApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await App.DisposeAsync();
}
