using System.Net;
using System.Net.Sockets;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Scripts;

/// <summary>
/// The promises of scripts/run (README, "Two commands"), checked on the real script in a scratch clone: what it
/// prints, and what the cluster and the API then show.
/// </summary>
[Collection(ScriptTests.Name)]
public sealed class RunScriptTests(ScratchClone clone)
{
    private static Dictionary<string, string> Ports(int api, int pg, string? pgDirectory = null)
    {
        var settings = new Dictionary<string, string> { ["SPATIAL_PORT"] = $"{api}", ["SPATIAL_PG_PORT"] = $"{pg}" };
        if (pgDirectory is not null) settings["SPATIAL_PG_DIR"] = pgDirectory;
        return settings;
    }

    [Fact]
    public async Task Without_settings_the_cluster_is_kept_in_local_pg_on_port_55432()
    {
        await using var run = clone.Start("bash", new Dictionary<string, string>(), "-c",
            """source scripts/lib/bootstrap.sh && printf '%s %s' "$SPATIAL_PG_PORT" "$SPATIAL_PG_DIR" """);

        Assert.Equal(0, await run.ExitCodeAsync(ScratchClone.RefuseTimeout));
        Assert.Equal($"55432 {clone.Root}/.local/pg", run.Output);
    }

    [Fact]
    public async Task The_first_run_creates_its_cluster_in_local_pg_on_the_port_it_is_given_loads_the_plans_and_serves_them()
    {
        var first = await clone.BootstrappedAsync();
        var data = Path.Combine(clone.PgDirectory, "cluster", "data");

        Assert.Contains($"creating the local PostgreSQL cluster in {data}", first.Output, StringComparison.Ordinal);
        Assert.Contains($"starting local PostgreSQL on 127.0.0.1:{clone.PgPort}", first.Output, StringComparison.Ordinal);
        Assert.Contains($"API on http://127.0.0.1:{first.ApiPort}", first.Output, StringComparison.Ordinal);
        Assert.Equal("ready", first.Ready.GetProperty("status").GetString());
        // The cluster itself, asked on that port with the password scripts/run keeps in .local/pg.
        Assert.Equal(data, await clone.ScalarAsync<string>("postgres", "SHOW data_directory"));
        Assert.Equal("127.0.0.1", await clone.ScalarAsync<string>("postgres", "SHOW listen_addresses"));
        Assert.Equal(first.ProjectsServed, await clone.ScalarAsync<long>("spatial", "SELECT count(*) FROM projects"));
        Assert.True(first.ProjectsServed > 0);
    }

    [Fact]
    public async Task A_later_run_reuses_the_cluster_and_its_data_also_after_the_machine_went_down()
    {
        await clone.EnsureClusterRunningAsync();
        var identity = await clone.ScalarAsync<long>("postgres", "SELECT system_identifier FROM pg_control_system()");
        var token = Guid.NewGuid().ToString("N");
        await clone.ExecuteAsync("spatial", $"CREATE TABLE reuse_marker AS SELECT '{token}'::text AS token");
        try
        {
            await clone.StopClusterAsync("immediate");
            var afterReboot = await RunUntilReadyAsync();
            var whileRunning = await RunUntilReadyAsync();

            Assert.Contains($"starting local PostgreSQL on 127.0.0.1:{clone.PgPort}", afterReboot, StringComparison.Ordinal);
            Assert.Contains($"local PostgreSQL already running on 127.0.0.1:{clone.PgPort} (reused)", whileRunning, StringComparison.Ordinal);
            Assert.All(new[] { afterReboot, whileRunning }, output =>
            {
                Assert.DoesNotContain("creating the local PostgreSQL cluster", output, StringComparison.Ordinal);
                Assert.DoesNotContain("creating database", output, StringComparison.Ordinal);
            });
            Assert.Equal(identity, await clone.ScalarAsync<long>("postgres", "SELECT system_identifier FROM pg_control_system()"));
            Assert.Equal(token, await clone.ScalarAsync<string>("spatial", "SELECT token FROM reuse_marker"));
            Assert.Equal((await clone.BootstrappedAsync()).ProjectsServed, await clone.ScalarAsync<long>("spatial", "SELECT count(*) FROM projects"));
        }
        finally
        {
            await clone.EnsureClusterRunningAsync();
            await clone.ExecuteAsync("spatial", "DROP TABLE IF EXISTS reuse_marker");
        }
    }

    private async Task<string> RunUntilReadyAsync()
    {
        var api = Loopback.FreePort();
        await using var run = clone.Start("scripts/run", Ports(api, clone.PgPort));
        await run.ReadyAsync(api, ScratchClone.ServeTimeout);
        return run.Output;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_program_holding_the_api_port_is_named_and_nothing_is_started(bool answersHttp)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var answering = answersHttp ? AnswerNotFoundAsync(holder, stop.Token) : Task.CompletedTask;
        var pgDirectory = clone.NewPgDirectory($"pg-api-port-{answersHttp}");

        await using var run = clone.Start("scripts/run", Ports(port, Loopback.FreePort(), pgDirectory));
        var exit = await run.ExitCodeAsync(ScratchClone.RefuseTimeout);
        await stop.CancelAsync();
        await answering;

        Assert.Equal(1, exit);
        Assert.Contains($"spatial: error: port {port} is taken by another program. Set SPATIAL_PORT to a free port.", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(pgDirectory), "no cluster was set up");
    }

    /// <summary>Another web server: every request is a 404.</summary>
    private static async Task AnswerNotFoundAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                var stream = client.GetStream();
                await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false, stop);
                await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
                // a client that only probed the port and left
            }
        }
    }

    [Fact]
    public async Task When_spatial_already_runs_on_the_api_port_it_says_so()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var spatial = RealServer.Start(database.ConnectionString);
        var port = new Uri(spatial.Url).Port;
        var pgDirectory = clone.NewPgDirectory("pg-spatial-running");

        await using var run = clone.Start("scripts/run", Ports(port, Loopback.FreePort(), pgDirectory));

        Assert.Equal(1, await run.ExitCodeAsync(ScratchClone.RefuseTimeout));
        Assert.Contains($"spatial: error: Spatial is already running on http://127.0.0.1:{port} (stop it first, or set SPATIAL_PORT).", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(pgDirectory), "no cluster was set up");
    }

    [Fact]
    public async Task A_program_holding_the_postgresql_port_is_named_and_the_cluster_is_not_started()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var pgDirectory = clone.NewPgDirectory("pg-port-taken");

        await using var run = clone.Start("scripts/run", Ports(Loopback.FreePort(), port, pgDirectory));

        Assert.Equal(1, await run.ExitCodeAsync(ScratchClone.RefuseTimeout));
        Assert.Contains($"spatial: error: port {port} is taken by another program, not this clone's PostgreSQL. Set SPATIAL_PG_PORT to a free port.",
            run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ScratchClone.ClusterHome(pgDirectory), "data", "postmaster.pid")), "the cluster was not started");
    }

    [Fact]
    public async Task A_cluster_running_on_another_port_than_SPATIAL_PG_PORT_is_named_not_reused()
    {
        await clone.EnsureClusterRunningAsync();
        var other = Loopback.FreePort();

        await using var run = clone.Start("scripts/run", Ports(Loopback.FreePort(), other));

        Assert.Equal(1, await run.ExitCodeAsync(ScratchClone.RefuseTimeout));
        Assert.Contains($"spatial: error: the local PostgreSQL in {clone.PgDirectory} is running on port {clone.PgPort}, not on SPATIAL_PG_PORT={other}.",
            run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(reused)", run.Output, StringComparison.Ordinal);
        Assert.True(await clone.ClusterRunningAsync(), "the running cluster was left alone");
    }

    [Theory]
    [InlineData("SPATIAL_DB")]
    [InlineData("ConnectionStrings__Spatial")]
    public async Task With_a_configured_database_no_local_cluster_is_started_and_the_api_serves_that_database(string setting)
    {
        // The configured database: the clone's own, already loaded (so the run loads nothing), on its own port.
        await clone.EnsureClusterRunningAsync();
        var (api, pg) = (Loopback.FreePort(), Loopback.FreePort());
        var pgDirectory = clone.NewPgDirectory($"pg-unused-{setting}");
        var settings = Ports(api, pg, pgDirectory);
        settings[setting] = clone.ConnectionString("spatial");

        await using var run = clone.Start("scripts/run", settings);
        await run.ReadyAsync(api, ScratchClone.ServeTimeout);
        using var client = new HttpClient();
        var served = await client.GetOkJsonAsync($"http://127.0.0.1:{api}/collections/projects/items?limit=10000");

        Assert.Contains("spatial: using the configured database; no local cluster", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(pgDirectory), "no cluster folder was made");
        await Assert.ThrowsAnyAsync<SocketException>(async () => { using var probe = new TcpClient(); await probe.ConnectAsync(IPAddress.Loopback, pg); });
        Assert.Equal(await clone.ScalarAsync<long>("spatial", "SELECT count(*) FROM projects"), served.GetProperty("features").GetArrayLength());
    }
}
