using SocialCommerce.Catalog;
using SocialCommerce.Catalog.DemoData;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("catalog");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("catalog", CatalogFeature.AddConsumers);
builder.AddCatalogFeature();

var app = builder.Build();
if (await app.TryRunCommandAsync(args, new Dictionary<string, Func<IServiceProvider, Task>>
    {
        ["demo-data"] = DemoDataCommand.RunAsync,
    }))
{
    return;
}

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapCatalogApi();

app.Run();

public partial class Program;
