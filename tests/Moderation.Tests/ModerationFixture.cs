namespace SocialCommerce.Moderation.Tests;

/// <summary>One moderation app (own database and virtual host) per fixture, started once for its tests.</summary>
public abstract class ModerationFixture
{
    protected ModerationApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartApp() => App = await ModerationApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await App.DisposeAsync();
}
