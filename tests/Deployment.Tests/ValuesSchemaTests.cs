using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// charts/socialcommerce/values.schema.json, which Helm checks the merged values against before rendering: the defaults
/// and the production-like overrides pass, and each kind of mistake an operator makes fails with the value's path.
/// </summary>
public sealed class ValuesSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Repository.PathOf("charts", "socialcommerce", "values.schema.json")));

    private static string Defaults => Repository.PathOf("charts", "socialcommerce", "values.yaml");

    [Test]
    public void Schema_DefaultValues_Valid()
    {
        var result = Evaluate(ChartValues.Load(Defaults));

        Assert.That(result.IsValid, Is.True, Errors(result));
    }

    [Test]
    public void Schema_ProductionLikeValuesMergedOverTheDefaults_Valid()
    {
        var values = ChartValues.Merged(Defaults, Repository.PathOf("charts", "socialcommerce", "ci", "production-values.yaml"));

        var result = Evaluate(values);

        Assert.That(result.IsValid, Is.True, Errors(result));
        Assert.That(values["services"]!["order"]!["image"]!["repository"]!.GetValue<string>(), Is.EqualTo("socialcommerce/order"), "merged, not replaced");
    }

    [TestCase("services.order.replicas", "\"two\"", TestName = "Schema_ReplicasAsText_Refused")]
    [TestCase("services.order.httpPort", "70000", TestName = "Schema_PortOutOfRange_Refused")]
    [TestCase("services.order.replica", "3", TestName = "Schema_MisspelledKey_Refused")]
    [TestCase("services.order.image", null, TestName = "Schema_ServiceWithoutImage_Refused")]
    [TestCase("services.order.env.Auth__Authority", "{ \"url\": \"http://identity\" }", TestName = "Schema_EnvValueAMap_Refused")]
    [TestCase("services.order.resources.limits.memory", "\"lots\"", TestName = "Schema_MemoryNotAQuantity_Refused")]
    [TestCase("services.order.hpa.targetCPUUtilizationPercentage", "150", TestName = "Schema_CpuTargetAbove100_Refused")]
    [TestCase("imagePullPolicy", "\"Sometimes\"", TestName = "Schema_UnknownPullPolicy_Refused")]
    [TestCase("services.recommendation.cronJobs.train.schedule", "\"nightly\"", TestName = "Schema_CronScheduleNotCron_Refused")]
    [TestCase("services.Order_Service", "{ \"image\": { \"repository\": \"x\" }, \"httpPort\": 8080 }", TestName = "Schema_ServiceNameNotDns_Refused")]
    public void Schema_WrongValue_RefusedNamingWhere(string path, string? json)
    {
        var values = ChartValues.Load(Defaults);
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(values, (node, part) => node[part]!).AsObject();
        if (json is null) parent.Remove(parts[^1]);
        else parent[parts[^1]] = JsonNode.Parse(json);

        var result = Evaluate(values);

        Assert.That(result.IsValid, Is.False);
        var where = "/" + string.Join('/', parts[..^1]);
        Assert.That(Errors(result), Does.Contain(where), "the error names where the value is");
    }

    private static EvaluationResults Evaluate(JsonNode values) =>
        Schema.Evaluate(JsonDocument.Parse(values.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults result) =>
        string.Join('\n', (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key} {error.Value}")));
}
