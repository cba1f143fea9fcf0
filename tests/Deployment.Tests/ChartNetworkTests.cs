using k8s.Models;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// The chart's NetworkPolicies and Ingress, rendered with ci/production-values.yaml: every pod of the release denied by
/// default; each deployable let in from exactly the deployables whose env calls it (worked out here again from
/// values.yaml) and out to exactly those it calls, to PostgreSQL and RabbitMQ only where it holds their connection
/// strings; the gateway reached through the Ingress. None of them with the defaults.
/// </summary>
public sealed class ChartNetworkTests
{
    private static List<object> Production => ChartRenderTests.Objects(ChartRenderTests.ProductionLike);

    [Test]
    public void Render_Defaults_NoNetworkPoliciesNorIngress()
    {
        var objects = ChartRenderTests.Objects(ChartRenderTests.WithAnExistingSecret);

        Assert.That(objects.OfType<V1NetworkPolicy>(), Is.Empty);
        Assert.That(objects.OfType<V1Ingress>(), Is.Empty);
    }

    [Test]
    public void Render_PoliciesOn_DefaultDenyCoversEveryPodOfTheRelease_EveryDeployableHasItsOwn()
    {
        var policies = Production.OfType<V1NetworkPolicy>().ToDictionary(policy => policy.Metadata.Name);
        var deny = policies["socialcommerce-default-deny"];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deny.Spec.PodSelector.MatchLabels, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["app.kubernetes.io/part-of"] = "socialcommerce", ["app.kubernetes.io/instance"] = "socialcommerce",
            }));
            Assert.That(deny.Spec.PolicyTypes, Is.EquivalentTo(new[] { "Ingress", "Egress" }));
            Assert.That(deny.Spec.Ingress, Is.Null.Or.Empty);
            Assert.That(deny.Spec.Egress, Is.Null.Or.Empty);
            foreach (var service in Chart.ServiceNames())
            {
                Assert.That(policies, Does.ContainKey($"socialcommerce-{service}"), service);
            }
        }
    }

    [Test]
    public void Render_PoliciesOn_EachDeployableLetInFromItsCallersAndOutToItsCallees_AsItsEnvSays()
    {
        var policies = Production.OfType<V1NetworkPolicy>().ToDictionary(policy => policy.Metadata.Name);
        var calls = CallGraph();

        using (Assert.EnterMultipleScope())
        {
            foreach (var service in Chart.ServiceNames())
            {
                var policy = policies[$"socialcommerce-{service}"];
                var callers = calls.Where(call => call.Value.Contains(service)).Select(call => call.Key);
                Assert.That(PodNames(policy.Spec.Ingress.SelectMany(rule => rule.FromProperty)), Is.EquivalentTo(callers), $"into {service}");
                Assert.That(PodNames(policy.Spec.Egress.SelectMany(rule => rule.To ?? [])), Is.EquivalentTo(calls[service]), $"out of {service}");
            }

            Assert.That(calls["order"], Is.EquivalentTo(new[] { "catalog", "identity", "payment-adapter" }), "the call graph read from env");
            Assert.That(calls.Where(call => call.Value.Contains("order")).Select(call => call.Key), Is.EquivalentTo(new[] { "gateway", "identity", "social" }));
        }
    }

    [Test]
    public void Render_PoliciesOn_DatabaseAndBrokerOnlyWithTheirConnectionStrings_PublicOnlyTheGateway()
    {
        var policies = Production.OfType<V1NetworkPolicy>().ToDictionary(policy => policy.Metadata.Name);
        bool Reaches(string service, string cidr) =>
            policies[$"socialcommerce-{service}"].Spec.Egress.SelectMany(rule => rule.To ?? []).Any(peer => peer.IpBlock?.Cidr == cidr);
        bool Public(string service) =>
            policies[$"socialcommerce-{service}"].Spec.Ingress.SelectMany(rule => rule.FromProperty).Any(peer =>
                peer.NamespaceSelector?.MatchLabels is { } labels && labels.TryGetValue("kubernetes.io/metadata.name", out var name) && name == "ingress-nginx");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Reaches("order", "10.20.0.0/24") && Reaches("order", "10.20.1.0/24"), Is.True, "order: PostgreSQL and RabbitMQ");
            Assert.That(Reaches("gateway", "10.20.0.0/24") || Reaches("web", "10.20.0.0/24"), Is.False, "no database for the gateway or the web client");
            Assert.That(Reaches("payment-adapter", "0.0.0.0/0"), Is.True, "the payment provider");
            Assert.That(Reaches("order", "0.0.0.0/0"), Is.False, "nothing else leaves the cluster");
            Assert.That(Chart.ServiceNames().Where(Public), Is.EqualTo(new[] { "gateway" }));
            Assert.That(policies["socialcommerce-order-jobs"].Spec.PodSelector.MatchExpressions.Single().Values, Is.EqualTo(new[] { "order-migrate" }));
            Assert.That(policies["socialcommerce-recommendation-jobs"].Spec.PodSelector.MatchExpressions.Single().Values,
                Is.EquivalentTo(new[] { "recommendation-migrate", "recommendation-train" }));
        }
    }

    [Test]
    public void Render_IngressOn_EveryPathToTheGateway_WithTls()
    {
        var ingress = Production.OfType<V1Ingress>().Single();
        var rule = ingress.Spec.Rules.Single();
        var backend = rule.Http.Paths.Single().Backend.Service;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rule.Host, Is.EqualTo("shop.example.com"));
            Assert.That((backend.Name, backend.Port.Name), Is.EqualTo(("socialcommerce-gateway", "http")));
            Assert.That(ingress.Spec.Tls.Single().SecretName, Is.EqualTo("shop-example-com-tls"));
            Assert.That(ingress.Spec.IngressClassName, Is.EqualTo("nginx"));
        }
    }

    /// <summary>Who calls whom, from values.yaml itself: an env value naming "//socialcommerce-&lt;name&gt;:", plus networkPolicy.extraCalls.</summary>
    private static Dictionary<string, HashSet<string>> CallGraph()
    {
        var values = Yaml.Load(Repository.PathOf("charts", "socialcommerce", "values.yaml"));
        var services = values.Child("services");
        var names = services.Keys();
        return names.ToDictionary(name => name, name =>
        {
            var env = services.Child(name).Child("env");
            var called = names.Where(other => env.Keys().Any(key => env.Child(key).Text()?.Contains($"//socialcommerce-{other}:", StringComparison.Ordinal) == true));
            return called.Concat(values.Child("networkPolicy").Child("extraCalls").Child(name).Items()).ToHashSet();
        });
    }

    private static List<string> PodNames(IEnumerable<V1NetworkPolicyPeer> peers) =>
        peers.Where(peer => peer.PodSelector?.MatchLabels?.ContainsKey("app.kubernetes.io/instance") == true)
            .Select(peer => peer.PodSelector.MatchLabels["app.kubernetes.io/name"]).ToList();
}
