using SocialCommerce.Identity;
using SocialCommerce.Identity.DemoData;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("identity");
builder.AddIdentityFeature();

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
app.MapIdentityApi();

app.Run();

public partial class Program;
