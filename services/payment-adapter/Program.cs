using SocialCommerce.PaymentAdapter;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("payment-adapter");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("payment-adapter");
builder.AddPaymentFeature();

var app = builder.Build();
if (await app.TryRunCommandAsync(args)) return;

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapPaymentApi();

app.Run();

public partial class Program;
