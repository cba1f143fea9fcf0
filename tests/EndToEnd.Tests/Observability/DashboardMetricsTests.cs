using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.EndToEnd.Tests.Orders;
using SocialCommerce.EndToEnd.Tests.Social;

namespace SocialCommerce.EndToEnd.Tests.Observability;

/// <summary>
/// Every metric the dashboards (deploy/grafana), alerts and SLOs (deploy/prometheus) query is on the running services'
/// /metrics pages or RabbitMQ's per-queue page, so a misspelled or renamed metric fails here instead of showing an empty panel or an alert that can
/// never fire. Counters and gauges exist from the start (the services create them at zero); a histogram exists once
/// something was timed, so the test first uses the platform a little: a paid order, a flash-sale attempt, a post read in
/// a follower's feed, a moderator's decision, a for-you page.
/// </summary>
public sealed class DashboardMetricsTests
{
    /// <summary>Series Prometheus makes itself (<c>up</c>), not found on any page it scrapes.</summary>
    private static readonly HashSet<string> MadeByPrometheus = ["up"];

    /// <summary>
    /// MassTransit creates its fault counter at a consumer's first fault, and nothing here may fault on purpose; its name is
    /// MassTransit's documented instrument (messaging.masstransit.consume.errors, unit ea) as Prometheus exports it.
    /// </summary>
    private static readonly HashSet<string> OnlyAfterAFault = ["messaging_masstransit_consume_errors_ea_total"];

    /// <summary>The services' pages, and the broker's per-queue page (deploy/local/infra.sh serves it on the AMQP port + 10020).</summary>
    private static IEnumerable<string> Pages =>
    [
        .. new[]
        {
            LocalPlatform.IdentityUrl, LocalPlatform.CatalogUrl, LocalPlatform.ModerationUrl, LocalPlatform.PaymentAdapterUrl, LocalPlatform.OrderUrl,
            LocalPlatform.ReferralUrl, LocalPlatform.SocialUrl, LocalPlatform.RecommendationUrl, LocalPlatform.GatewayMetricsUrl,
        }.Select(service => $"{service}/metrics"),
        $"http://127.0.0.1:{new Uri(Platform.BrokerUri).Port + 10020}/metrics/detailed?family=queue_coarse_metrics",
    ];

    [Test]
    public async Task DashboardsAlertsAndSlos_EveryMetricTheyQuery_OnTheServicesMetricsPages()
    {
        var wanted = PromQlNames.RepositoryQueries(TestInfrastructure.RepoRoot)
            .SelectMany(query => PromQlNames.In(query.Expression).Select(name => (Name: name, query.File)))
            .Where(use => !PromQlNames.IsRecorded(use.Name) && !MadeByPrometheus.Contains(use.Name) && !OnlyAfterAFault.Contains(use.Name))
            .ToLookup(use => use.Name, use => use.File);
        Assert.That(wanted.Count, Is.GreaterThan(50), "the extraction found the queries' metrics");
        await UseThePlatformAsync();

        var missing = await Eventually.WaitForAsync(async () =>
        {
            var exported = await ExportedAsync();
            return wanted.Where(use => !exported.Contains(use.Key)).Select(use => $"{use.Key} ({string.Join(", ", use.Distinct())})").ToList();
        }, names => names.Count == 0, TimeSpan.FromSeconds(30));

        Assert.That(missing, Is.Empty, "queried by the dashboards or rules but exported by no service:\n" + string.Join("\n", missing));
    }

    [Test]
    public void PromQlNames_OfAQuery_OnlyTheMetrics()
    {
        var names = PromQlNames.In(
            "histogram_quantile(0.99, sum by (service, le) (rate(http_server_request_duration_seconds_bucket{service=~\"$service\", le=\"0.5\"}[$__rate_interval])))" +
            " / on (slo) group_left () (14.4 * slo:error_budget:ratio) and up == 0 or vector(0)");

        Assert.That(names, Is.EquivalentTo(new[] { "http_server_request_duration_seconds_bucket", "slo:error_budget:ratio", "up" }));
    }

    private static async Task<HashSet<string>> ExportedAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in Pages)
        {
            foreach (var line in (await http.GetStringAsync(page)).Split('\n'))
            {
                if (line.Length == 0 || line[0] == '#') continue;
                names.Add(line[..line.IndexOfAny(['{', ' '])]);
            }
        }

        return names;
    }

    private static async Task UseThePlatformAsync()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        await Shop.PaidOrderAsync(shopper, (skus[0].Id, 1));
        var campaignId = await FlashSale.CampaignAsync(merchant, skus[1], quota: 5, perUserLimit: 1);
        // Admitted, and its ticket's order placed (the ticket-wait histogram has a sample).
        await FlashSale.BoughtAsync(shopper, await FlashSale.BuyAsync(shopper, campaignId));
        Assert.That((await shopper.GetAsync("/api/recommendation/for-you")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var (author, authorId) = await SocialClient.NewPersonAsync("看板作者");
        var (reader, _) = await SocialClient.NewPersonAsync("看板读者");
        await reader.Api().Social.Users[authorId].Follow.PutAsync();
        var (productId, _) = await SocialClient.ListedProductAsync();
        var postId = await SocialClient.PostAsync(author, "这款茶回购第三次了。", productId);
        await Eventually.WaitForAsync(() => SocialClient.FeedAsync(reader), feed => feed.Contains(postId), TimeSpan.FromSeconds(30));

        var (seller, heldId) = await ModerationJourneyTests.SubmitAsync($"高山白茶 {Random.Shared.Next(1000, 9999)}", "批发价请加微 信咨询");
        var held = await ModerationJourneyTests.WaitForProductAsync(seller, heldId, p => p.GetProperty("moderationCaseId").ValueKind == JsonValueKind.String);
        var caseId = held.GetProperty("moderationCaseId").GetGuid();
        using var moderator = await ModerationJourneyTests.SignInAsync("13800000005", "Moderator2026!demo");
        Assert.That((await moderator.PostAsync($"/api/moderation/cases/{caseId}/claim", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await moderator.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { outcome = "approve", reason = "看板" })).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        seller.Dispose();
        author.Dispose();
        reader.Dispose();
    }
}
