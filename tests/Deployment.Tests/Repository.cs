namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// The checkout these tests compare files in. Found from the test binaries rather than the working
/// directory, so the tests run the same from the IDE, <c>dotnet test</c> and CI.
/// </summary>
internal static class Repository
{
    public const string Gateway = "gateway";
    public const string SandboxProvider = "sandbox-provider";
    public const string Web = "web";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string PathOf(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    /// <summary>The gateway and the web client live at the top level, the sandbox payment provider (a stand-in third party) under deploy/,
    /// every other deployable under services/.</summary>
    public static string ProjectDirectory(string deployable) => PathOf(RelativeDirectory(deployable));

    /// <summary>The one Dockerfile every deployable's image is built from, at the repository root (compose names it so).</summary>
    public const string DockerfilePath = "Dockerfile";

    /// <summary>The project's folder as the Dockerfile's PROJECT_DIR names it: relative to the root, with forward slashes.</summary>
    public static string RelativeProjectDirectory(string deployable) => RelativeDirectory(deployable);

    /// <summary>
    /// The PostgreSQL database a service owns (build/deployables.cake, deploy/compose/postgres-init.sql): its name
    /// with '-' as '_', except order's, which is "orders" because ORDER is a reserved word in SQL
    /// (<c>CREATE DATABASE order;</c> fails).
    /// </summary>
    public static string DatabaseOf(string service) => service switch
    {
        "order" => "orders",
        _ => service.Replace('-', '_'),
    };

    private static string RelativeDirectory(string deployable) => deployable switch
    {
        Gateway => "gateway",
        Web => "web",
        SandboxProvider => "deploy/sandbox-provider",
        _ => $"services/{deployable}",
    };

    private static string FindRoot()
    {
        // AppContext.BaseDirectory too, because test-case sources run while NUnit is still loading tests.
        string[] starts = [TestContext.CurrentContext.TestDirectory, AppContext.BaseDirectory];
        foreach (var start in starts)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "global.json")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No global.json in or above {string.Join(" or ", starts)}.");
    }
}
