using Npgsql;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Evaluation;

/// <summary>
/// `recommendation evaluate`: generates the shop (<see cref="SyntheticShop"/>; size and seed from <c>Evaluation__Users</c>,
/// <c>__Products</c>, <c>__Interactions</c>, <c>__Seed</c>, benchmark P6's by default), runs the offline evaluation, prints
/// the table and stores the report for GET /api/recommendation/admin/evaluation.
/// </summary>
public static class EvaluationCommand
{
    public static Task RunAsync(IServiceProvider services)
    {
        var section = services.GetRequiredService<IConfiguration>().GetSection("Evaluation");
        var defaults = new ShopShape();
        return RunAsync(services, new ShopShape(
            section.GetValue("Users", defaults.Users), section.GetValue("Products", defaults.Products),
            section.GetValue("Interactions", defaults.Interactions), section.GetValue("Seed", defaults.Seed)));
    }

    public static async Task RunAsync(IServiceProvider services, ShopShape shape)
    {
        Console.WriteLine($"Generating {shape.Users:N0} users, {shape.Products:N0} products, about {shape.Interactions:N0} interactions (seed {shape.Seed}) ...");
        var shop = SyntheticShop.Generate(shape);
        var report = OfflineEvaluation.Run(shop, new AlsSettings(), services.GetRequiredService<TimeProvider>(), Console.WriteLine);
        Print(report, shop.Signals.Count);
        await EvaluationStore.SaveAsync(services.GetRequiredService<NpgsqlDataSource>(), report);
        Console.WriteLine("Stored; GET /api/recommendation/admin/evaluation serves it.");
    }

    public static void Print(EvaluationReport report, int signals)
    {
        var baseline = report.Model("popularity");
        Console.WriteLine();
        Console.WriteLine($"{report.DataSet.Users:N0} users, {report.DataSet.Products:N0} products, {signals:N0} interactions; " +
            $"{report.TestUsers:N0} test users holding out {report.HeldOutPurchases:N0} purchases of the last {OfflineEvaluation.HeldOutDays} days");
        Console.WriteLine();
        Console.WriteLine("| model | recall@20 | NDCG@20 | coverage | recall vs popularity |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var model in report.Models)
        {
            var ratio = baseline.RecallAt20 > 0 ? $"{model.RecallAt20 / baseline.RecallAt20:0.0}×" : "—";
            Console.WriteLine($"| {model.Model} | {model.RecallAt20:0.0000} | {model.NdcgAt20:0.0000} | {model.Coverage:0.0000} | {ratio} |");
        }

        Console.WriteLine();
        Console.WriteLine($"ALS ({report.Als.Factors} factors, {report.Als.Iterations} iterations, α {report.Als.Alpha}, λ {report.Als.Regularisation}) " +
            $"trained in {report.AlsTrainingSeconds:0.0} s; the evaluation took {report.SecondsInAll:0.0} s, peak working set {report.PeakMemoryMiB:N0} MiB.");
    }
}
