// The platform's one build script. ./build.sh <target>:
//   up      build, start PostgreSQL + RabbitMQ (.data/), migrate, start every deployable, load demo data
//   down    stop exactly what up started
//   status  what runs and whether it is healthy
//   test    build once, start separate PostgreSQL + RabbitMQ (.test-data/), run every NUnit suite, stop them
//   bench   run the benchmark programs against the test infrastructure
//   api-client  with the platform up: store each service's OpenAPI document in contracts/api-client/openapi and
//               regenerate the typed C# client from them (Kiota, pinned in .config/dotnet-tools.json)
#load "build/deployables.cake"
#load "build/processes.cake"

var target = Argument("target", "build");
var configuration = Argument("configuration", "Release");
var root = MakeAbsolute(Directory(".")).FullPath;

Task("build").Does(() =>
{
    Run("dotnet", $"build SocialCommerce.slnx -c {configuration} -nologo -clp:ErrorsOnly;Summary");
});

Task("up").IsDependentOn("build").Does(() =>
{
    Infra.Start(root, Infra.Up);
    foreach (var service in Deployables.All.Where(d => d.Database != null))
    {
        Information($"migrating {service.Name}");
        RunDeployable(service, "migrate", quiet: true);
    }

    foreach (var deployable in Deployables.All)
    {
        Processes.StartBackground(root, deployable, configuration, Deployables.Environment(deployable, Infra.Up, "Development"));
    }

    Processes.WaitHealthy(Deployables.All, TimeSpan.FromSeconds(90));
    // Demo data after the services are ready: their queues are bound by then, so the events the demo data queues in
    // the outboxes (products submitted for review, say) reach their consumers on the very first run.
    foreach (var service in Deployables.All.Where(d => d.HasDemoData)) RunDeployable(service, "demo-data");
    Information("");
    Information($"SocialCommerce is up: http://127.0.0.1:{Deployables.Gateway.HttpPort}  (health: /health, logs: .data/logs/)");
    Information("Demo accounts (phone / password), sign in with POST /api/identity/tokens:");
    Information("  admin     13800000000 / Admin2026!demo");
    Information("  shopper   13800000001 / Shopper2026!demo");
    Information("  merchants 13800000002, 13800000003, 13800000004 / Merchant2026!demo (shops 好物小店, 山野茶铺, 数码小站)");
    Information("  moderator 13800000005 / Moderator2026!demo (the admin is a moderator too)");
    Information("Stop everything with ./build.sh down");
});

Task("down").Does(() =>
{
    foreach (var deployable in Deployables.All.Reverse()) Processes.Stop(root, deployable);
    Infra.Stop(root, Infra.Up);
});

Task("status").Does(() =>
{
    Infra.Status(root, Infra.Up);
    foreach (var deployable in Deployables.All) Processes.Report(root, deployable);
});

Task("test").IsDependentOn("build").Does(() =>
{
    var results = $"{root}/.test-data/results";
    if (DirectoryExists(results)) DeleteDirectory(results, new DeleteDirectorySettings { Recursive = true, Force = true });
    // The OpenAPI linter the API-document tests run, pinned by build/openapi-lint/package-lock.json.
    if (!DirectoryExists($"{root}/build/openapi-lint/node_modules/@redocly/cli"))
    {
        Run("npm", $"ci --prefix \"{root}/build/openapi-lint\" --no-audit --no-fund");
    }

    Infra.StartFresh(root, Infra.Test);
    int exitCode;
    try
    {
        exitCode = Run("dotnet",
            $"test SocialCommerce.slnx -c {configuration} --no-build --nologo --logger \"trx\" --results-directory \"{results}\" --logger \"console;verbosity=minimal\"",
            Infra.TestEnvironment(root, configuration), check: false);
    }
    finally
    {
        Infra.Stop(root, Infra.Test);
    }

    var (passed, failed, skipped) = TestResults.Summarise(results, message => Error(message));
    // Plain console line (no log colouring): CI and people read this as the run's verdict.
    Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    if (exitCode != 0 || failed > 0 || passed == 0) throw new Exception($"Tests failed (dotnet test exit code {exitCode}).");
});

Task("bench").IsDependentOn("build").Does(() =>
{
    Infra.StartFresh(root, Infra.Test);
    try
    {
        Run("dotnet", $"tests/Benchmarks/bin/{configuration}/net10.0/Benchmarks.dll {Argument("bench-args", "all")}",
            Infra.TestEnvironment(root, configuration));
    }
    finally
    {
        Infra.Stop(root, Infra.Test);
    }
});

Task("api-client").Does(() =>
{
    var client = $"{root}/contracts/api-client";
    using var http = new System.Net.Http.HttpClient { BaseAddress = new Uri(Deployables.Url(Deployables.Gateway.HttpPort)) };
    foreach (var service in Deployables.All.Where(d => d.BehindGateway && d.HasApiDocument))
    {
        // Stored indented, as served: a change to the API shows up in review as a readable diff of this file.
        var served = System.Text.Json.Nodes.JsonNode.Parse(http.GetStringAsync($"/openapi/{service.Name}.json").GetAwaiter().GetResult());
        var document = $"{client}/openapi/{service.Name}.json";
        System.IO.File.WriteAllText(document, served!.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n");
        var name = ApiClientName(service.Name);
        Run("dotnet", $"kiota generate -l CSharp -d openapi/{service.Name}.json -o {name} -n SocialCommerce.ApiClient.{name} " +
            $"-c {name}Client --exclude-backward-compatible --clean-output --log-level Warning",
            new Dictionary<string, string> { ["KIOTA_OFFLINE_ENABLED"] = "true" }, workingDirectory: client);
    }
});

// "referral-commission" → "ReferralCommission": the client's folder, namespace and class stem.
static string ApiClientName(string service) =>
    string.Concat(service.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

// A deployable's one-shot command (migrate, demo-data), run from its output folder like the service itself.
void RunDeployable(Deployable deployable, string command, bool quiet = false)
{
    var dll = System.IO.Path.Combine(root, deployable.Dll(configuration));
    Run("dotnet", $"{System.IO.Path.GetFileName(dll)} {command}", Deployables.Environment(deployable, Infra.Up, "Development"),
        quiet: quiet, workingDirectory: System.IO.Path.GetDirectoryName(dll));
}

RunTarget(target);
