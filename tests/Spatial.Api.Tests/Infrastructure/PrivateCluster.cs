using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own, so a test can stop and start a real server without
/// disturbing the shared one. Runs as 'postgres' when the tests run as root (PostgreSQL refuses root).
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _directory;

    private PrivateCluster(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }
    private string DataDirectory => Path.Combine(_directory, "data");

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Timeout=3";

    public static async Task<PrivateCluster> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("spatial-pg-").FullName;
        var cluster = new PrivateCluster(directory, FreePort());
        if (IsRoot) await RunAsync("chown", "-R", "postgres:postgres", directory);
        // Trust is acceptable here only: a throwaway cluster on 127.0.0.1 that lives for one test.
        await PgAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartAgainAsync();
        return cluster;
    }

    public Task StopAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    public Task StartAgainAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-w", "-l", Path.Combine(_directory, "log"),
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_directory}", "start");

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { /* already stopped */ }
        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task PgAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(Machine.PgBin, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", executable, .. arguments]) : RunAsync(executable, arguments);
    }

    private static async Task RunAsync(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
