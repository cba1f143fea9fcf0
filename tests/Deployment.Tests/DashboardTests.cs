using System.Text.Json;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// deploy/grafana: the dashboards are valid JSON with unique uids, every panel asks the one datasource variable, every
/// query parses as PromQL (promtool), every runbook link and alert lands on a section of docs/runbooks.md, and compose
/// provisions them. That every metric they name is exported is checked against the running services (EndToEnd.Tests).
/// </summary>
public sealed class DashboardTests
{
    private static readonly string[] Variables = ["datasource", "env", "service"];

    [Test]
    public void Dashboards_Every_UniqueUidAndTitle_Tagged_WithTheVariables()
    {
        var dashboards = Dashboards.All();
        Assert.That(dashboards, Has.Count.GreaterThanOrEqualTo(5), "overview, business, messaging and the services' own");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dashboards.Select(d => d.Json.GetProperty("uid").GetString()), Is.Unique.And.All.Match("^sc-[a-z-]+$"));
            Assert.That(dashboards.Select(d => d.Json.GetProperty("title").GetString()), Is.Unique);
            foreach (var (file, json) in dashboards)
            {
                var names = json.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
                Assert.That(names, Is.SupersetOf(Variables), file);
                Assert.That(json.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()), Does.Contain("socialcommerce"), file);
            }
        }
    }

    [Test]
    public void Dashboards_EveryPanelAndQuery_AskTheDatasourceVariable_WhichDefaultsToTheProvisionedOne()
    {
        var datasource = Yaml.Load(Repository.PathOf("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")).Child("datasources").Nodes().Single();
        using (Assert.EnterMultipleScope())
        {
            foreach (var panel in Dashboards.Panels())
            {
                Assert.That(Reference(panel.Json), Is.EqualTo(("prometheus", "${datasource}")), $"{panel.Dashboard} / {panel.Title}");
                Assert.That(panel.Targets.Select(Reference), Is.Not.Empty.And.All.EqualTo(("prometheus", "${datasource}")), $"{panel.Dashboard} / {panel.Title}");
            }

            foreach (var (file, json) in Dashboards.All())
            {
                var variable = json.GetProperty("templating").GetProperty("list").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "datasource");
                Assert.That(variable.GetProperty("query").GetString(), Is.EqualTo("prometheus"), file);
                Assert.That(variable.GetProperty("current").GetProperty("value").GetString(), Is.EqualTo(datasource.Child("uid").Text()), file);
            }
        }

        static (string?, string?) Reference(JsonElement element)
        {
            var reference = element.GetProperty("datasource");
            return (reference.GetProperty("type").GetString(), reference.GetProperty("uid").GetString());
        }
    }

    [Test]
    public void Dashboards_EveryQuery_ParsesAsPromQl()
    {
        var expressions = Dashboards.Expressions();

        var (exitCode, output) = Promtool.CheckExpressions(expressions);

        Assert.That(expressions, Has.Count.GreaterThan(50));
        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public void CheckExpressions_BrokenOrMistypedQuery_Fails()
    {
        // The check above can fail: an unclosed bracket, and a range vector where an instant vector belongs.
        var (unclosed, unclosedOutput) = Promtool.CheckExpressions([("broken", Dashboards.Substituted("sum(rate(up{service=~\"$service\"}[$__rate_interval])"))]);
        var (mistyped, _) = Promtool.CheckExpressions([("mistyped", "sum(up[5m])")]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unclosed, Is.Not.Zero);
            Assert.That(unclosedOutput, Does.Contain("broken").Or.Contain("expression:checked_0"));
            Assert.That(mistyped, Is.Not.Zero);
        }
    }

    [Test]
    public void RunbookLinks_OfPanelsAndAlerts_LandOnASectionOfTheRunbooks()
    {
        var sections = File.ReadLines(Repository.PathOf("docs", "runbooks.md"))
            .Where(line => line.StartsWith("## ", StringComparison.Ordinal)).Select(line => line[3..].Trim().ToLowerInvariant()).ToHashSet();
        var alerts = new[] { "alerts.yml", "slos.yml" }
            .SelectMany(file => Yaml.Load(Repository.PathOf("deploy", "prometheus", file)).Child("groups").Nodes())
            .SelectMany(group => group.Child("rules").Nodes()).Where(rule => rule.Child("alert") is not null)
            .Select(rule => (Alert: rule.Child("alert").Text()!, Url: rule.Child("annotations").Child("runbook_url").Text())).ToList();
        var links = Dashboards.Panels().SelectMany(panel => panel.LinkUrls.Select(url => (panel.Title, url))).ToList();

        Assert.That(links, Has.Count.GreaterThanOrEqualTo(alerts.Count), "a panel links to each alert's runbook");
        using (Assert.EnterMultipleScope())
        {
            foreach (var (alert, url) in alerts)
            {
                Assert.That(url, Is.EqualTo($"docs/runbooks.md#{alert.ToLowerInvariant()}"), alert);
                Assert.That(sections, Does.Contain(alert.ToLowerInvariant()), $"a runbook section for {alert}");
            }

            foreach (var (title, url) in links)
            {
                Assert.That(url, Does.StartWith("${runbooks}#"), title);
                Assert.That(sections, Does.Contain(url.Split('#')[1]), title);
            }

            // Several panels may link to one runbook: compared as sets.
            Assert.That(alerts.Select(alert => alert.Alert.ToLowerInvariant()), Is.SupersetOf(links.Select(link => link.url.Split('#')[1]).Distinct()));
        }
    }

    [Test]
    public void ComposeFile_Grafana_ProvisionsTheDashboardsFromTheRepository_OnLoopback()
    {
        var grafana = Compose.Service("grafana");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grafana.Child("volumes").Items(), Is.EquivalentTo(new[]
            {
                "../grafana/provisioning:/etc/grafana/provisioning:ro",
                "../grafana/dashboards:/var/lib/grafana/dashboards:ro",
            }));
            Assert.That(grafana.Child("ports").Items(), Is.EqualTo(new[] { "127.0.0.1:3000:3000" }));
            Assert.That(Compose.DependencyCondition(grafana, "prometheus"), Is.Not.Null);
            Assert.That(Yaml.Load(Repository.PathOf("deploy", "grafana", "provisioning", "datasources", "prometheus.yml"))
                .Child("datasources").Nodes().Single().Child("url").Text(), Is.EqualTo("http://prometheus:9090"));
        }
    }
}
