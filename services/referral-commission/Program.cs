using SocialCommerce.ReferralCommission;
using SocialCommerce.ReferralCommission.DemoData;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("referral-commission");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("referral-commission", ReferralFeature.AddConsumers);
builder.AddReferralFeature();

var app = builder.Build();
if (await app.TryRunCommandAsync(args, new Dictionary<string, Func<IServiceProvider, Task>>
    {
        ["demo-data"] = DemoReferral.SeedAsync,
    }))
{
    return;
}

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapReferralApi();

app.Run();

public partial class Program;
