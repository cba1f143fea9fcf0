using SocialCommerce.Identity;
using SocialCommerce.Identity.Consents;
using SocialCommerce.Identity.DemoData;
using SocialCommerce.Identity.Discovery;
using SocialCommerce.Identity.Merchants;
using SocialCommerce.Identity.ServiceClients;
using SocialCommerce.Identity.Sms;
using SocialCommerce.Identity.Tokens;
using SocialCommerce.Identity.Users;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("identity");
builder.AddIdentityServices();
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
app.MapDiscoveryEndpoints();
app.MapServiceTokenEndpoint();
// The social service (step 8) shows people's profile cards from the directory; no other service needs it yet.
app.MapGrpcService<UserDirectoryService>().RequireServiceCallers("social");

var api = app.MapGroup("/api/identity");
api.MapSignUpEndpoints()
    .MapTokenEndpoints()
    .MapSmsCodeEndpoints(app.Environment)
    .MapMeEndpoints()
    .MapConsentEndpoints()
    .MapMerchantApplicationEndpoints()
    .MapRoleEndpoints();

app.Run();

public partial class Program;
