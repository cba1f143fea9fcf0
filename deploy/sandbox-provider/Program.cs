using SocialCommerce.SandboxProvider.Api;
using SocialCommerce.SandboxProvider.Callbacks;
using SocialCommerce.SandboxProvider.Faults;
using SocialCommerce.SandboxProvider.Merchants;
using SocialCommerce.SandboxProvider.PayPage;
using SocialCommerce.SandboxProvider.Payments;
using SocialCommerce.SandboxProvider.Payouts;

// A stand-in for a third-party payment provider (WeChat Pay / Alipay style). Everything lives in memory: a restart
// forgets every payment, refund, payout, behaviour and callback, which is what a sandbox is for. See README.md.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.AddMerchants();
builder.AddPaymentsFeature();
builder.AddPayoutsFeature();
builder.AddCallbacksFeature();
builder.AddBehaviourFeature();
builder.Services.AddHealthChecks();
// Unreadable bodies throw in every environment, so ApiErrorMiddleware answers them in the provider's error format.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

var app = builder.Build();

const string Api = "/v1";
app.UseApiErrors(Api);
app.UseMerchantAuthentication(Api);
app.UseMiddleware<FailureInjectionMiddleware>();

app.MapHealthChecks("/health/live");
app.MapHealthChecks("/health/ready");
app.MapGroup(Api)
    .MapPaymentsApi()
    .MapPayoutsApi()
    .MapSandboxApi();
app.MapPayPage();

app.Run();

public partial class Program;
