using System.Diagnostics;
using System.Net.Http;
using System.Xml.Linq;

// Runs a command in the foreground; returns its exit code, throwing on failure unless check is false.
int Run(string tool, string arguments, IDictionary<string, string> environment = null, bool check = true, bool quiet = false, string workingDirectory = null)
{
    var settings = new ProcessSettings { Arguments = arguments, RedirectStandardOutput = quiet, RedirectStandardError = quiet };
    if (workingDirectory != null) settings.WorkingDirectory = workingDirectory;
    if (environment != null) settings.EnvironmentVariables = new Dictionary<string, string>(environment);
    IEnumerable<string> output;
    var exitCode = StartProcess(tool, settings, out output);
    if (exitCode != 0 && quiet && output != null) foreach (var line in output) Error(line);
    if (check && exitCode != 0) throw new Exception($"'{tool} {arguments}' exited with {exitCode}.");
    return exitCode;
}

public static class Infra
{
    public static readonly InfraInstance Up = new(".data", 5433, 5673, 25673, "socialcommerce", 0, false);
    public static readonly InfraInstance Test = new(".test-data", 5434, 5674, 25674, "socialcommerce-test", 10000, true);

    public static void Start(string root, InfraInstance infra) =>
        Bash(root, $"deploy/local/infra.sh start {infra.DataDir} {infra.PostgresPort} {infra.AmqpPort} {infra.DistPort} {infra.Node} {(infra.Fast ? "fast" : "")}");

    // The test instance starts from nothing each run, as on a clean CI machine: suites create a database per fixture and
    // leave it, and hundreds of them keep PostgreSQL's autovacuum launcher busy on a developer's machine.
    public static void StartFresh(string root, InfraInstance infra)
    {
        if (!infra.Fast) throw new InvalidOperationException("Only the throw-away test instance is started fresh.");
        Stop(root, infra);
        Bash(root, $"rm -rf {infra.DataDir}/postgres {infra.DataDir}/rabbitmq");
        Start(root, infra);
    }

    public static void Stop(string root, InfraInstance infra) => Bash(root, $"deploy/local/infra.sh stop {infra.DataDir} {infra.Node}", check: false);

    public static void Status(string root, InfraInstance infra) =>
        Bash(root, $"deploy/local/infra.sh status {infra.DataDir} {infra.PostgresPort} {infra.AmqpPort}", check: false);

    // What the test suites read to find the infrastructure (tests/TestSupport/TestInfrastructure.cs).
    public static Dictionary<string, string> TestEnvironment(string root, string configuration) => new()
    {
        ["SC_TEST_POSTGRES"] = $"Host=127.0.0.1;Port={Test.PostgresPort};Username=postgres",
        ["SC_TEST_RABBITMQ"] = $"amqp://guest:guest@127.0.0.1:{Test.AmqpPort}",
        ["SC_TEST_RABBITMQ_NODE"] = $"{Test.Node}@localhost",
        ["SC_TEST_PORT_OFFSET"] = Test.PortOffset.ToString(),
        ["SC_REPO_ROOT"] = root,
        ["SC_CONFIGURATION"] = configuration,
    };

    public static void Bash(string root, string script, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", new[] { "-c", script }) { WorkingDirectory = root });
        process.WaitForExit();
        if (check && process.ExitCode != 0) throw new Exception($"'{script}' exited with {process.ExitCode}.");
    }
}

public static class Processes
{
    static string PidFile(string root, Deployable d) => $"{root}/.data/run/{d.Name}.pid";

    public static bool IsRunning(string root, Deployable d)
    {
        var file = PidFile(root, d);
        if (!System.IO.File.Exists(file)) return false;
        var pid = int.Parse(System.IO.File.ReadAllText(file).Trim());
        return System.IO.Directory.Exists($"/proc/{pid}");
    }

    // setsid + nohup: the service outlives the build process and gets its own process group, so down stops it whole.
    public static void StartBackground(string root, Deployable d, string configuration, Dictionary<string, string> env)
    {
        if (IsRunning(root, d)) { Console.WriteLine($"{d.Name} already running"); return; }
        System.IO.Directory.CreateDirectory($"{root}/.data/run");
        System.IO.Directory.CreateDirectory($"{root}/.data/logs");
        var exports = string.Join(" ", env.Select(pair => $"{pair.Key}='{pair.Value}'"));
        // From its output folder, so the content root (appsettings.json) is where the build put it.
        // The braces keep "&" on the service alone, so $! is the service's pid (env, setsid, nohup and dotnet exec in turn).
        Infra.Bash(root, $"cd {System.IO.Path.GetDirectoryName(d.Dll(configuration))} && {{ env {exports} setsid nohup dotnet {System.IO.Path.GetFileName(d.Dll(configuration))} >> {root}/.data/logs/{d.Name}.log 2>&1 < /dev/null & echo $! > {PidFile(root, d)}; }}");
        Console.WriteLine($"started {d.Name} on http://127.0.0.1:{d.HttpPort} (log .data/logs/{d.Name}.log)");
    }

    public static void Stop(string root, Deployable d)
    {
        if (!IsRunning(root, d)) { System.IO.File.Delete(PidFile(root, d)); return; }
        var pid = System.IO.File.ReadAllText(PidFile(root, d)).Trim();
        Infra.Bash(root, $"kill -TERM -- -{pid} 2>/dev/null || kill -TERM {pid}; for i in $(seq 1 50); do [ -d /proc/{pid} ] || break; sleep 0.2; done; [ -d /proc/{pid} ] && kill -KILL -- -{pid} 2>/dev/null; true", check: false);
        System.IO.File.Delete(PidFile(root, d));
        Console.WriteLine($"stopped {d.Name}");
    }

    public static void WaitHealthy(IEnumerable<Deployable> deployables, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        foreach (var d in deployables)
        {
            while (!IsHealthy(http, d))
            {
                if (DateTime.UtcNow > deadline) throw new Exception($"{d.Name} did not become healthy; see .data/logs/{d.Name}.log");
                System.Threading.Thread.Sleep(500);
            }
            Console.WriteLine($"{d.Name} healthy");
        }
    }

    public static void Report(string root, Deployable d)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var running = IsRunning(root, d);
        Console.WriteLine($"{d.Name,-20} {(running ? "running" : "stopped"),-8} {(running && IsHealthy(http, d) ? "healthy" : "-")}  http://127.0.0.1:{d.HttpPort}");
    }

    static bool IsHealthy(HttpClient http, Deployable d)
    {
        try { return http.GetAsync($"http://127.0.0.1:{d.HttpPort}/health/ready").Result.IsSuccessStatusCode; }
        catch { return false; }
    }
}

public static class TestResults
{
    public static (int Passed, int Failed, int Skipped) Summarise(string directory, Action<string> reportFailure)
    {
        int passed = 0, failed = 0, skipped = 0;
        if (!System.IO.Directory.Exists(directory)) return (0, 0, 0);
        foreach (var file in System.IO.Directory.GetFiles(directory, "*.trx", System.IO.SearchOption.AllDirectories))
        {
            var doc = XDocument.Load(file);
            XNamespace ns = doc.Root.Name.Namespace;
            foreach (var result in doc.Descendants(ns + "UnitTestResult"))
            {
                switch ((string)result.Attribute("outcome"))
                {
                    case "Passed": passed++; break;
                    case "Failed": failed++; reportFailure($"FAILED {(string)result.Attribute("testName")}"); break;
                    default: skipped++; break;
                }
            }
        }
        return (passed, failed, skipped);
    }
}
