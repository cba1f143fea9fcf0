using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Recommendation.Evaluation;

/// <summary>GET /admin/evaluation: the latest offline evaluation, the blend's scores up front as api.md has them.</summary>
public static class EvaluationEndpoints
{
    public static RouteGroupBuilder MapEvaluationEndpoints(this RouteGroupBuilder recommendation)
    {
        recommendation.MapGet("/admin/evaluation", Latest).RequireAuthorization(Policies.Admin).WithName("latestEvaluation")
            .WithTag("Recommendation admin", "How well the models do offline.")
            .WithSummary("The latest offline evaluation: the blend, each model and the popularity baseline (recall@20, NDCG@20, coverage)");
        return recommendation;
    }

    public static async Task<Results<Ok<EvaluationAnswer>, ProblemHttpResult>> Latest(HttpContext context, NpgsqlDataSource dataSource)
    {
        var report = await EvaluationStore.LatestAsync(dataSource, context.RequestAborted);
        if (report is null) return Problems.NotFound("No offline evaluation has run yet: run `recommendation evaluate`.");
        var blend = report.Model("blend");
        var baseline = report.Model("popularity");
        return TypedResults.Ok(new EvaluationAnswer(
            report.At, blend.RecallAt20, blend.NdcgAt20, blend.Coverage, new BaselineScores(baseline.RecallAt20, baseline.NdcgAt20, baseline.Coverage),
            report.Models, new EvaluatedDataSet(report.DataSet.Users, report.DataSet.Products, report.DataSet.Interactions, report.DataSet.Seed,
                report.TrainingSignals, report.TestUsers, report.HeldOutPurchases),
            report.AlsTrainingSeconds, report.PeakMemoryMiB));
    }
}

/// <summary>api.md's <c>{ at, recallAt20, ndcgAt20, coverage, baseline }</c>, with every model's scores and the data set behind them.</summary>
public sealed record EvaluationAnswer(
    DateTimeOffset At, double RecallAt20, double NdcgAt20, double Coverage, BaselineScores Baseline,
    IReadOnlyList<ModelScore> Models, EvaluatedDataSet DataSet, double AlsTrainingSeconds, long PeakMemoryMiB);

public sealed record BaselineScores(double RecallAt20, double NdcgAt20, double Coverage);

public sealed record EvaluatedDataSet(int Users, int Products, int Interactions, int Seed, int TrainingSignals, int TestUsers, int HeldOutPurchases);
