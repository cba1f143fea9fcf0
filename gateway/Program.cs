using SocialCommerce.Gateway.Cors;
using SocialCommerce.Gateway.Fallback;
using SocialCommerce.Gateway.Health;
using SocialCommerce.Gateway.Proxy;
using SocialCommerce.Gateway.RateLimiting;
using SocialCommerce.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
// The gateway has no database and no broker: service defaults, YARP and edge policies only. It serves the services' OpenAPI
// documents, none of its own.
builder.AddServiceDefaults("gateway", apiDocument: false);
builder.AddGatewayProxy();
builder.AddGatewayRateLimiting();
builder.AddTrustedProxies();
builder.AddGatewayCors();
builder.Services.AddAggregateHealth();

var app = builder.Build();

// First, so every later step (CORS, logs, rate limits) sees the client's address rather than the balancer's.
app.UseForwardedHeaders();

// CORS runs before authentication so that preflights are answered and 401/429 answers carry the headers a
// browser needs to let the script read them.
app.UseCors();
app.UseServiceDefaults();
// After authentication, so the per-user policy can partition on the token's subject.
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapAggregateHealth();
app.MapGatewayProxy();
app.MapNotFoundFallback();

app.Run();

public partial class Program;
