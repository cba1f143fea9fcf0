namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>One adapter (own database and virtual host) and one sandbox process per fixture.</summary>
public abstract class PaymentFixture
{
    protected PaymentApp App { get; private set; } = null!;

    protected virtual Dictionary<string, string>? Settings => null;

    [OneTimeSetUp]
    public async Task StartApp() => App = await PaymentApp.StartAsync(Settings);

    [OneTimeTearDown]
    public async Task StopApp() => await App.DisposeAsync();

    /// <summary>Each test starts from well-behaved callbacks.</summary>
    [SetUp]
    public Task ResetSandbox() => App.Sandbox.BehaveAsync();
}
