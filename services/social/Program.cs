using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.Social;
using SocialCommerce.Social.DemoData;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("social");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("social", SocialFeature.AddConsumers);
builder.AddSocialFeature();

var app = builder.Build();
if (await app.TryRunCommandAsync(args, new Dictionary<string, Func<IServiceProvider, Task>>
    {
        ["demo-data"] = DemoSocial.SeedAsync,
    }))
{
    return;
}

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSocialApi();

app.Run();

public partial class Program;
