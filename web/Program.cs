using System.Text.Encodings.Web;
using System.Text.Unicode;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.Web;
using SocialCommerce.Web.Account;
using SocialCommerce.Web.Api;
using SocialCommerce.Web.Components;

// A key ring for the chart's Web__KeyRing secret (docs/configuration.md); needs nothing else, so it runs before the host.
if (args is ["new-key-ring", ..])
{
    Console.WriteLine(KeyRing.Generate(days: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 365));
    return;
}

var builder = WebApplication.CreateBuilder(args);
// No database, no broker, no API of its own: a client of the public API through the gateway (docs/decisions/0006).
builder.AddServiceDefaults("web", apiDocument: false);
builder.Services.Configure<WebOptions>(builder.Configuration.GetSection("Web"));
builder.AddWebSession();
builder.AddGatewayApi();
builder.Services.AddRazorComponents();
// Pages are Chinese: written as UTF-8 text, not as a numeric entity per character (three times the bytes).
builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));

var app = builder.Build();

app.UseWebPipeline();
app.MapDefaultEndpoints();
app.MapSessionEndpoints();
app.MapPrivacyEndpoints();
app.MapStaticAssets();
app.MapRazorComponents<App>();

app.Run();

public partial class Program;
