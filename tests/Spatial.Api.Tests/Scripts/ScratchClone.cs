using System.Text.Json;
using Npgsql;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Scripts;

/// <summary>
/// A clone of this working tree (the files git would clone, with web/node_modules) in a scratch folder, built
/// once, where the tests run the real scripts/run and scripts/test on ports and folders of their own — never
/// 55432 or 5080. The first scripts/run bootstraps the cluster in the clone's .local/pg that later cases reuse;
/// disposing stops every cluster the scripts made in it and deletes it.
/// </summary>
public sealed class ScratchClone : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ServeTimeout = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan RefuseTimeout = TimeSpan.FromMinutes(1);

    private static readonly string[] NotPassedOn = ["SPATIAL_", "Spatial__", "ConnectionStrings__", "MSBuild", "VSTEST"];

    private readonly Lazy<Task<FirstRun>> _bootstrap;
    private readonly List<string> _clusterDirectories = [];
    private int _runs;

    public ScratchClone() => _bootstrap = new(BootstrapAsync);

    public string Root { get; private set; } = null!;

    /// <summary>The port of the cluster in the clone's .local/pg (the default folder).</summary>
    public int PgPort { get; } = Loopback.FreePort();

    public string PgDirectory => Path.Combine(Root, ".local", "pg");

    /// <summary>What the first scripts/run in the clone printed and served, before it was stopped; the cluster stays up.</summary>
    public sealed record FirstRun(string Output, int ApiPort, JsonElement Ready, int ProjectsServed);

    public async Task InitializeAsync()
    {
        Root = Directory.CreateTempSubdirectory("spatial-clone-").FullName;
        await CopyWorkingTreeAsync();
        await using var build = Start("dotnet", new Dictionary<string, string>(), "build", "Spatial.sln", "-c", "Release", "-v", "q", "-nologo");
        var exit = await build.ExitCodeAsync(BuildTimeout);
        Assert.True(exit == 0, $"the clone does not build:\n{build.Output}");
    }

    private async Task CopyWorkingTreeAsync()
    {
        var source = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(source, "Spatial.sln"))) source = Path.GetDirectoryName(source) ?? throw new InvalidOperationException("no Spatial.sln above the tests");
        var (exit, output) = await PgTools.ProcessAsync("bash", "-c", """
            set -euo pipefail
            chmod 755 "$2"   # as root the cluster runs as 'postgres', which must reach .local/pg inside the clone
            cd "$1"
            git ls-files -z --cached --others --exclude-standard \
              | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
              | xargs -0 cp --parents -a -t "$2"
            if [ -d web/node_modules ]; then cp -a web/node_modules "$2/web/"; fi
            """, "bash", source, Root);
        Assert.True(exit == 0, $"copying {source} to {Root}: {output}");
    }

    /// <summary>
    /// Starts a command in the clone with this process's environment minus every Spatial setting (and the test
    /// runner's MSBuild variables), plus the given settings; build servers off so nothing outlives the run.
    /// </summary>
    public ScriptRun Start(string command, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => (Name: (string)e.Key, Value: (string?)e.Value ?? ""))
            .Where(e => !NotPassedOn.Any(prefix => e.Name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToDictionary(e => e.Name, e => e.Value);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in settings) environment[name] = value;
        var logs = Directory.CreateDirectory(Path.Combine(Root, ".local", "harness")).FullName;
        var log = Path.Combine(logs, $"{Interlocked.Increment(ref _runs):00}-{Path.GetFileName(command)}.log");
        return ScriptRun.Start(Root, log, environment, command, arguments);
    }

    /// <summary>A cluster folder of a test's own (SPATIAL_PG_DIR), not created yet; cleaned up with the clone.</summary>
    public string NewPgDirectory(string name)
    {
        var directory = Path.Combine(Root, ".local", name);
        lock (_clusterDirectories) _clusterDirectories.Add(directory);
        return directory;
    }

    public Task<FirstRun> BootstrappedAsync() => _bootstrap.Value;

    private async Task<FirstRun> BootstrapAsync()
    {
        lock (_clusterDirectories) _clusterDirectories.Add(PgDirectory);
        var apiPort = Loopback.FreePort();
        await using var run = Start("scripts/run", new Dictionary<string, string> { ["SPATIAL_PG_PORT"] = $"{PgPort}", ["SPATIAL_PORT"] = $"{apiPort}" });
        var ready = await run.ReadyAsync(apiPort, ServeTimeout);
        using var client = new HttpClient();
        using var page = JsonDocument.Parse(await client.GetStringAsync(new Uri($"http://127.0.0.1:{apiPort}/collections/projects/items?limit=10000")));
        return new FirstRun(run.Output, apiPort, ready, page.RootElement.GetProperty("features").GetArrayLength());
    }

    /// <summary>A connection string to the clone's default cluster, with the password scripts/run generated (as scripts/run writes it).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PgPort};Database={database};Username=postgres;Password={File.ReadAllText(Path.Combine(PgDirectory, "password")).Trim()}";

    private NpgsqlConnection Connection(string database) => new(ConnectionString(database) + ";Pooling=false;Timeout=5");

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = Connection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = Connection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Where PostgreSQL works for a cluster folder: its 'cluster' entry (a link when it lives elsewhere), resolved.</summary>
    public static string ClusterHome(string pgDirectory)
    {
        var link = new DirectoryInfo(Path.Combine(pgDirectory, "cluster"));
        return link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link.FullName;
    }

    public async Task<bool> ClusterRunningAsync() =>
        (await PgTools.TryAsync("pg_ctl", "-D", Path.Combine(ClusterHome(PgDirectory), "data"), "status")).Exit == 0;

    /// <summary>Stops the default cluster; "immediate" is what a machine going down without a shutdown leaves.</summary>
    public Task StopClusterAsync(string mode) =>
        PgTools.RunAsync("pg_ctl", "-D", Path.Combine(ClusterHome(PgDirectory), "data"), "-m", mode, "-w", "stop");

    /// <summary>Starts the default cluster as scripts/run does, when a test before left it stopped.</summary>
    public async Task EnsureClusterRunningAsync()
    {
        await BootstrappedAsync();
        if (await ClusterRunningAsync()) return;
        var home = ClusterHome(PgDirectory);
        await PgTools.RunAsync("pg_ctl", "-D", Path.Combine(home, "data"), "-o", $"-p {PgPort}", "-l", Path.Combine(home, "postgresql.log"), "-w", "start");
    }

    public async Task DisposeAsync()
    {
        foreach (var directory in _clusterDirectories.Where(d => Directory.Exists(Path.Combine(d, "cluster"))))
        {
            var home = ClusterHome(directory);
            if (File.Exists(Path.Combine(home, "data", "postmaster.pid")))
                await PgTools.TryAsync("pg_ctl", "-D", Path.Combine(home, "data"), "-m", "fast", "-w", "stop");
            if (!home.StartsWith(Root + "/", StringComparison.Ordinal)) Directory.Delete(home, recursive: true);
        }
        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ScriptTests : ICollectionFixture<ScratchClone>
{
    public const string Name = "scripts";
}
