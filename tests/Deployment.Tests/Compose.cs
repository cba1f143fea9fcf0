using YamlDotNet.RepresentationModel;

namespace SocialCommerce.Deployment.Tests;

/// <summary>deploy/compose/docker-compose.yml, where a migrating service has a "&lt;name&gt;-migrate" companion.</summary>
internal static class Compose
{
    public const string RelativeContext = "../..";

    public static YamlNode? Service(string name) =>
        Yaml.Load(Repository.PathOf("deploy", "compose", "docker-compose.yml")).Child("services").Child(name);

    public static string MigrationServiceName(string service) => $"{service}-migrate";

    /// <summary>Variable names of a compose service, whether its environment is a mapping or a KEY=value list.</summary>
    public static IReadOnlyList<string> EnvironmentNames(YamlNode? service)
    {
        var environment = service.Child("environment");
        return environment is YamlSequenceNode
            ? environment.Items().Select(item => item.Split('=', 2)[0]).ToList()
            : environment.Keys();
    }

    /// <summary>The condition under which <paramref name="service"/> waits for <paramref name="dependency"/>.</summary>
    public static string? DependencyCondition(YamlNode? service, string dependency)
    {
        var dependsOn = service.Child("depends_on");
        if (dependsOn is YamlSequenceNode)
        {
            return dependsOn.Items().Contains(dependency) ? "service_started" : null;
        }

        var entry = dependsOn.Child(dependency);
        return entry is null ? null : entry.Child("condition").Text() ?? "service_started";
    }
}
