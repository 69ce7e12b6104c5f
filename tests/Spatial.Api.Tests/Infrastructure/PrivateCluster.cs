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
        var cluster = new PrivateCluster(directory, Loopback.FreePort());
        if (PgTools.IsRoot && await PgTools.ProcessAsync("chown", "-R", "postgres:postgres", directory) is { Exit: not 0 } chown)
            throw new InvalidOperationException($"chown {directory}: {chown.Output}");
        // Trust is acceptable here only: a throwaway cluster on 127.0.0.1 that lives for one test.
        await PgTools.RunAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>A hot standby of this cluster on a port of its own, streaming from it (pg_basebackup -R: standby.signal and primary_conninfo).</summary>
    public async Task<PrivateCluster> StartStandbyAsync()
    {
        var directory = Directory.CreateTempSubdirectory("spatial-pg-standby-").FullName;
        var standby = new PrivateCluster(directory, Loopback.FreePort());
        if (PgTools.IsRoot && await PgTools.ProcessAsync("chown", "-R", "postgres:postgres", directory) is { Exit: not 0 } chown)
            throw new InvalidOperationException($"chown {directory}: {chown.Output}");
        await PgTools.RunAsync("pg_basebackup", "-D", standby.DataDirectory, "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-R", "-X", "stream", "-c", "fast");
        await standby.StartAgainAsync();
        return standby;
    }

    public Task StopAsync() => PgTools.RunAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    public Task StartAgainAsync() => PgTools.RunAsync("pg_ctl", "-D", DataDirectory, "-w", "-l", Path.Combine(_directory, "log"),
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_directory}", "start");

    /// <summary>
    /// Stops the server and starts it again in standby mode (standby.signal, no primary to follow): a hot
    /// standby that answers reads, is in recovery and has replayed nothing, as a replica before its first WAL.
    /// </summary>
    public async Task RestartAsStandbyAsync()
    {
        await StopAsync();
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "standby.signal"), "");
        await StartAgainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { /* already stopped */ }
        Directory.Delete(_directory, recursive: true);
    }
}
