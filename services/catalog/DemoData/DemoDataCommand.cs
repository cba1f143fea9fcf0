namespace SocialCommerce.Catalog.DemoData;

public static class DemoDataCommand
{
    public static Task RunAsync(IServiceProvider services) => Task.CompletedTask;
}
