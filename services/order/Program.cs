using SocialCommerce.Order;
using SocialCommerce.Order.DemoData;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("order");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("order", OrderFeature.AddConsumers);
builder.AddOrderFeature();

var app = builder.Build();
if (await app.TryRunCommandAsync(args, new Dictionary<string, Func<IServiceProvider, Task>>
    {
        ["demo-data"] = async services =>
        {
            await DemoCart.SeedAsync(services);
            await DemoOrders.SeedAsync(services);
        },
    }))
{
    return;
}

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOrderApi();

app.Run();

public partial class Program;
