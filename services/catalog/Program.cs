using SocialCommerce.Catalog;
using SocialCommerce.Catalog.Browse;
using SocialCommerce.Catalog.DemoData;
using SocialCommerce.Catalog.Seller;
using SocialCommerce.Catalog.Stock;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("catalog");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("catalog", bus => bus.AddSellerConsumers());
builder.Services.AddOptions<CatalogOptions>().Bind(builder.Configuration.GetSection("Catalog"));
builder.Services.AddSingleton(TimeProvider.System);
builder.AddSellerFeature();
builder.AddStockFeature();
builder.AddBrowseFeature();
builder.Services.AddGrpc();
builder.Services.AddOpenApi();

var app = builder.Build();
if (await app.TryRunCommandAsync(args, new Dictionary<string, Func<IServiceProvider, Task>> { ["demo-data"] = DemoDataCommand.RunAsync }))
{
    return;
}

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapStockGrpc();
app.MapBrowseApi();
app.MapSellerApi();

app.Run();

public partial class Program;
