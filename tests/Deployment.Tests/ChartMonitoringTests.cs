using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// The chart's monitoring objects (values `monitoring.*`), rendered with ci/production-values.yaml where they are on: a
/// dashboard ConfigMap per dashboard for the Grafana sidecar, one PrometheusRule with every alert and SLO rule that
/// promtool accepts, one PodMonitor labelling `service` as the rules expect; none with the defaults; and the chart's
/// copies of the dashboards and rules equal to deploy/'s.
/// </summary>
public sealed class ChartMonitoringTests
{
    private static string Dashboards => Repository.PathOf("deploy", "grafana", "dashboards");

    [Test]
    public void Render_Defaults_NoMonitoringObjects()
    {
        var objects = ChartRenderTests.Objects(ChartRenderTests.WithAnExistingSecret);

        Assert.That(objects.OfType<OperatorObject>(), Is.Empty);
        Assert.That(objects.OfType<V1ConfigMap>(), Is.Empty);
    }

    [Test]
    public void Render_DashboardsOn_AConfigMapPerDashboard_LabelledForTheSidecar_HoldingTheDashboard()
    {
        var maps = ChartRenderTests.Objects(ChartRenderTests.ProductionLike).OfType<V1ConfigMap>().ToList();
        var files = Directory.GetFiles(Dashboards, "*.json").Select(Path.GetFileName).ToList();

        Assert.That(maps.SelectMany(map => map.Data.Keys), Is.EquivalentTo(files));
        using (Assert.EnterMultipleScope())
        {
            foreach (var map in maps)
            {
                var (file, json) = map.Data.Single();
                Assert.That(map.Metadata.Labels["grafana_dashboard"], Is.EqualTo("1"), file);
                Assert.That(map.Metadata.Annotations["grafana_folder"], Is.EqualTo("SocialCommerce"), file);
                Assert.That(json.TrimEnd(), Is.EqualTo(File.ReadAllText(Path.Combine(Dashboards, file)).TrimEnd()), file);
            }
        }
    }

    [Test]
    public void Render_RulesOn_OnePrometheusRule_EveryAlertAndRecording_PromtoolAccepts()
    {
        var rule = ChartRenderTests.Objects(ChartRenderTests.ProductionLike).OfType<OperatorObject>().Single(item => item.Kind == "PrometheusRule");
        var groups = rule.Node.Child("spec").Child("groups");
        var alertsOf = (string file) => Yaml.Load(Repository.PathOf("deploy", "prometheus", file)).Child("groups").Nodes()
            .SelectMany(group => group.Child("rules").Nodes()).Count();

        var (exitCode, output) = CheckRules(groups!);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rule.Node.Child("metadata").Child("labels").Child("release").Text(), Is.EqualTo("kube-prometheus-stack"));
            Assert.That(groups.Nodes().SelectMany(group => group.Child("rules").Nodes()).Count(), Is.EqualTo(alertsOf("alerts.yml") + alertsOf("slos.yml")));
            Assert.That(exitCode, Is.Zero, output);
        }
    }

    [Test]
    public void Render_PodMonitorOn_ScrapesThePrometheusPort_LabelsService()
    {
        var monitor = ChartRenderTests.Objects(ChartRenderTests.ProductionLike).OfType<OperatorObject>().Single(item => item.Kind == "PodMonitor").Node;
        var endpoint = monitor.Child("spec").Child("podMetricsEndpoints").Nodes().Single();
        var relabelings = endpoint.Child("relabelings").Nodes();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(monitor.Child("spec").Child("selector").Child("matchLabels").Child("app.kubernetes.io/part-of").Text(), Is.EqualTo("socialcommerce"));
            Assert.That(endpoint.Child("path").Text(), Is.EqualTo("/metrics"));
            Assert.That(relabelings.Select(relabeling => relabeling.Child("targetLabel").Text()), Is.EqualTo(new[] { "__address__", "service" }));
            Assert.That(relabelings[0].Child("sourceLabels").Items(), Does.Contain("__meta_kubernetes_pod_annotation_prometheus_io_port"));
        }
    }

    [TestCase("dashboards", "deploy/grafana/dashboards")]
    [TestCase("rules", "deploy/prometheus")]
    public void ChartCopies_EqualTheirSource(string chartFolder, string source)
    {
        // Helm reads only the chart's own files: after changing a dashboard or a rule, copy it into the chart.
        var copies = Directory.GetFiles(Repository.PathOf("charts", "socialcommerce", chartFolder)).Order().ToList();

        Assert.That(copies, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (var copy in copies)
            {
                Assert.That(File.ReadAllText(copy), Is.EqualTo(File.ReadAllText(Repository.PathOf(source, Path.GetFileName(copy)))),
                    $"charts/socialcommerce/{chartFolder}/{Path.GetFileName(copy)} differs from {source}: cp {source}/{Path.GetFileName(copy)} charts/socialcommerce/{chartFolder}/");
            }

            if (chartFolder == "dashboards")
            {
                Assert.That(copies.Select(Path.GetFileName), Is.EquivalentTo(Directory.GetFiles(Repository.PathOf(source), "*.json").Select(Path.GetFileName)));
            }
            else
            {
                Assert.That(copies.Select(Path.GetFileName), Is.EquivalentTo(new[] { "alerts.yml", "slos.yml" }));
            }
        }
    }

    private static (int ExitCode, string Output) CheckRules(YamlNode groups)
    {
        var directory = Directory.CreateTempSubdirectory("prometheus-rule-");
        try
        {
            var document = new YamlMappingNode { { "groups", groups } };
            using (var writer = new StreamWriter(Path.Combine(directory.FullName, "rules.yml")))
            {
                new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
            }

            return Promtool.Run(directory.FullName, "check", "rules", "rules.yml");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
