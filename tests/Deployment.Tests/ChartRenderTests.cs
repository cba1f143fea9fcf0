using k8s;
using k8s.Models;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// The chart rendered (<see cref="ChartRender"/>) with the README's install values and with ci/production-values.yaml,
/// and every object read back strictly into the Kubernetes API's own models (KubernetesClient): an unknown field, a
/// misplaced one or a wrong type fails. Then what the objects must agree on: selectors, ports, images, scaling.
/// </summary>
public sealed class ChartRenderTests
{
    internal static readonly string[] WithAnExistingSecret = ["--set-string", "existingSecret=socialcommerce-secrets"];
    internal static readonly string[] ProductionLike = ["-f", Path.Combine("charts", "socialcommerce", "ci", "production-values.yaml")];

    private static IEnumerable<TestCaseData> ValueSets()
    {
        yield return new TestCaseData((object)WithAnExistingSecret).SetArgDisplayNames("defaults with an existing Secret");
        yield return new TestCaseData((object)ProductionLike).SetArgDisplayNames("production-like");
    }

    [Test]
    public void Render_DefaultValuesWithoutSecrets_RefusedNamingTheMissingSecret()
    {
        var (exitCode, _, errors) = ChartRender.Render();

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(errors, Does.Contain("which is not set (set it, or set existingSecret)"));
    }

    [TestCaseSource(nameof(ValueSets))]
    public void Render_Values_EveryObjectValidAgainstTheKubernetesApi(string[] values)
    {
        var objects = Objects(values);
        var services = Chart.ServiceNames().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(objects.OfType<V1Deployment>().Count(), Is.EqualTo(services.Count));
            Assert.That(objects.OfType<V1Service>().Count(), Is.EqualTo(services.Count));
            Assert.That(objects.OfType<V2HorizontalPodAutoscaler>(), Is.Not.Empty);
            Assert.That(objects.OfType<V1PodDisruptionBudget>(), Is.Not.Empty);
            Assert.That(objects.OfType<V1Job>().Select(job => job.Metadata.Name), Has.All.EndsWith("-migrate"));
            Assert.That(objects.OfType<V1CronJob>().Select(job => job.Metadata.Name), Does.Contain("socialcommerce-recommendation-train"));
            Assert.That(objects.OfType<V1Secret>(), Is.Empty, "the Secret is made outside the chart");
        }
    }

    [TestCaseSource(nameof(ValueSets))]
    public void Render_Values_SelectorsMatchTheirPods_ServicesTargetDeclaredPorts(string[] values)
    {
        var objects = Objects(values);
        var deployments = objects.OfType<V1Deployment>().ToDictionary(deployment => deployment.Metadata.Name);

        using (Assert.EnterMultipleScope())
        {
            foreach (var deployment in deployments.Values)
            {
                var podLabels = deployment.Spec.Template.Metadata.Labels;
                Assert.That(deployment.Spec.Selector.MatchLabels, Is.SubsetOf(podLabels), deployment.Metadata.Name);
                Assert.That(deployment.Spec.Template.Spec.Containers.Single().ReadinessProbe.HttpGet.Path, Is.EqualTo("/health/ready"), deployment.Metadata.Name);
            }

            foreach (var service in objects.OfType<V1Service>())
            {
                var deployment = deployments[service.Metadata.Name];
                Assert.That(service.Spec.Selector, Is.SubsetOf(deployment.Spec.Template.Metadata.Labels), service.Metadata.Name);
                var declared = deployment.Spec.Template.Spec.Containers.Single().Ports.Select(port => port.Name).ToList();
                Assert.That(service.Spec.Ports.Select(port => port.TargetPort.Value), Is.SubsetOf(declared), service.Metadata.Name);
            }

            foreach (var autoscaler in objects.OfType<V2HorizontalPodAutoscaler>())
            {
                Assert.That(deployments, Does.ContainKey(autoscaler.Spec.ScaleTargetRef.Name), autoscaler.Metadata.Name);
            }
        }
    }

    [Test]
    public void Render_ProductionLikeValues_PinnedImagePullSecretsAndScalingApplied()
    {
        var objects = Objects(ProductionLike);
        var order = objects.OfType<V1Deployment>().Single(deployment => deployment.Metadata.Name == "socialcommerce-order");
        var identity = objects.OfType<V1Deployment>().Single(deployment => deployment.Metadata.Name == "socialcommerce-identity");
        var orderScaling = objects.OfType<V2HorizontalPodAutoscaler>().Single(autoscaler => autoscaler.Metadata.Name == "socialcommerce-order");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(order.Spec.Template.Spec.Containers.Single().Image, Is.EqualTo("socialcommerce/order:1.4.2"));
            Assert.That(identity.Spec.Template.Spec.Containers.Single().Image, Is.EqualTo("socialcommerce/identity:0.1.0"), "the appVersion");
            Assert.That(order.Spec.Template.Spec.ImagePullSecrets.Select(secret => secret.Name), Is.EqualTo(new[] { "registry-credentials" }));
            Assert.That(order.Spec.Template.Spec.Containers.Single().ImagePullPolicy, Is.EqualTo("Always"));
            Assert.That((orderScaling.Spec.MinReplicas, orderScaling.Spec.MaxReplicas), Is.EqualTo((4, 16)));
            Assert.That(order.Spec.Template.Spec.Containers.Single().Resources.Limits["memory"].ToString(), Is.EqualTo("1Gi"));
            Assert.That(objects.OfType<V1Deployment>().Select(deployment => deployment.Spec.Template.Spec.Containers.Single().Env
                .SingleOrDefault(variable => variable.Name == "Messaging__QuorumQueues")?.Value), Is.All.EqualTo("true"), "commonEnv reaches every deployable");
        }
    }

    [Test]
    public void StrictLoad_RenderedObjectWithAMisspelledField_Refused()
    {
        // What the validation above would catch in a template: here "replicas" misspelled in the rendered Deployments.
        var (_, output, _) = ChartRender.Render(WithAnExistingSecret);
        var broken = output.Replace("  replicas:", "  replicaz:", StringComparison.Ordinal);
        Assert.That(broken, Is.Not.EqualTo(output));

        Assert.That(() => Documents(broken).Select(document => KubernetesYaml.LoadAllFromString(document, strict: true)).ToList(), Throws.Exception);
    }

    /// <summary>
    /// The rendered objects: built-in kinds read strictly into KubernetesClient's models; the Prometheus Operator's
    /// (which those models do not know) kept as YAML for <see cref="ChartMonitoringTests"/>.
    /// </summary>
    internal static List<object> Objects(string[] values)
    {
        var (exitCode, output, errors) = ChartRender.Render(values);
        Assert.That(exitCode, Is.Zero, errors);
        return Documents(output).Select(document =>
        {
            var node = Yaml.Parse(document);
            return node.Child("apiVersion").Text()!.StartsWith("monitoring.coreos.com/", StringComparison.Ordinal)
                ? new OperatorObject(node.Child("kind").Text()!, node)
                : KubernetesYaml.LoadAllFromString(document, strict: true).Single();
        }).ToList();
    }

    /// <summary>The rendered documents that hold an object (a template's output also has separators and Source comments).</summary>
    private static IEnumerable<string> Documents(string output) =>
        output.Split("\n---", StringSplitOptions.None)
            .Where(document => document.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#') && line.Trim() != "---"));
}

/// <summary>A Prometheus Operator object as rendered: its kind and its YAML.</summary>
internal sealed record OperatorObject(string Kind, YamlDotNet.RepresentationModel.YamlNode Node);
