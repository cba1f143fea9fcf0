using SocialCommerce.Recommendation;
using SocialCommerce.Recommendation.DemoData;
using SocialCommerce.Recommendation.Evaluation;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("recommendation");
builder.AddPostgres(typeof(Program).Assembly);
builder.AddMessaging("recommendation", RecommendationFeature.AddConsumers);
builder.AddRecommendationFeature();

var app = builder.Build();
if (await app.TryRunCommandAsync(args, new Dictionary<string, Func<IServiceProvider, Task>>
    {
        ["demo-data"] = DemoPurchases.SeedAsync,
        ["train"] = services => services.GetRequiredService<NightlyCandidates>().RunAsync(new AlsSettings()),
        ["evaluate"] = EvaluationCommand.RunAsync,
    }))
{
    return;
}

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapRecommendationApi();

app.Run();

public partial class Program;
