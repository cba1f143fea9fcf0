using YamlDotNet.RepresentationModel;

namespace SocialCommerce.Deployment.Tests;

/// <summary>One entry of <c>services:</c> in the chart's values.yaml.</summary>
internal sealed record ChartService(
    string Name, int? HttpPort, int? GrpcPort, bool Migrate, IReadOnlyList<string> EnvironmentNames, int? MetricsPort = null);

/// <summary>
/// The Helm chart. Templates are read as text: without helm they cannot be rendered, so tests look for
/// the lines that every service gets from the template's range over <c>.Values.services</c>.
/// </summary>
internal static class Chart
{
    public static string Folder => Repository.PathOf("charts", "socialcommerce");

    public static IReadOnlyList<ChartService> Services()
    {
        var services = Yaml.Load(Path.Combine(Folder, "values.yaml")).Child("services");
        return services.Keys().Select(name => Read(name, services.Child(name))).ToList();
    }

    public static ChartService Service(string name) =>
        Services().SingleOrDefault(service => service.Name == name)
        ?? throw new InvalidOperationException($"services.{name} is not in charts/socialcommerce/values.yaml.");

    public static IEnumerable<string> ServiceNames() => Services().Select(service => service.Name);

    public static IEnumerable<string> MigratingServiceNames() =>
        Services().Where(service => service.Migrate).Select(service => service.Name);

    public static string Template(string file) => File.ReadAllText(Path.Combine(Folder, "templates", file));

    private static ChartService Read(string name, YamlNode? values) => new(
        name,
        values.Child("httpPort").Int(),
        values.Child("grpcPort").Int(),
        values.Child("migrate").Flag(),
        values.Child("env").Keys().Concat(values.Child("secretEnv").Keys()).ToList(),
        values.Child("metricsPort").Int());
}
