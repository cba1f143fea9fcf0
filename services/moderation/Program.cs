using SocialCommerce.Moderation;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("moderation");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("moderation", ModerationFeature.AddConsumers);
builder.AddModerationFeature();

var app = builder.Build();
if (await app.TryRunCommandAsync(args)) return;

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapModerationApi();

app.Run();

public partial class Program;
