using System.Text.RegularExpressions;

namespace Spatial.Api.Tests.Scripts;

/// <summary>scripts/test in the scratch clone, next to the `spatial` database its scripts/run made and loaded.</summary>
[Collection(ScriptTests.Name)]
public sealed partial class TestScriptTests(ScratchClone clone)
{
    // One quick test that makes a database of its own (TestDatabase); not a test of this collection.
    private const string OneDatabaseTest = "FullyQualifiedName~Spatial.Api.Tests.Data.MigratorTests.The_embedded_scripts_apply_once_and_a_second_run_applies_nothing";

    private static readonly string[] ResultFiles = ["Spatial.Api.Tests.trx", "Spatial.Geo.Tests.trx", "Spatial.Web.Tests.trx"];

    [Fact]
    public async Task Scripts_test_runs_in_a_throwaway_spatial_test_database_drops_it_never_connects_to_spatial_and_leaves_its_results_in_local_test_results()
    {
        await clone.EnsureClusterRunningAsync();
        var projects = await clone.ScalarAsync<long>("spatial", "SELECT count(*) FROM projects");
        var log = Path.Combine(ScratchClone.ClusterHome(clone.PgDirectory), "postgresql.log");
        // PostgreSQL itself records every connection and the database it is to, whoever makes it.
        await clone.ExecuteAsync("postgres", "ALTER SYSTEM SET log_connections = on");
        await clone.ExecuteAsync("postgres", "SELECT pg_reload_conf()");
        while (await clone.ScalarAsync<string>("postgres", "SHOW log_connections") != "on") await Task.Delay(100);
        var before = new FileInfo(log).Length;
        string output, connections;
        try
        {
            await using var run = clone.Start("scripts/test", new Dictionary<string, string> { ["SPATIAL_PG_PORT"] = $"{clone.PgPort}" }, "--filter", OneDatabaseTest);
            var exit = await run.ExitCodeAsync(TimeSpan.FromMinutes(8));
            output = run.Output;
            Assert.True(exit == 0, output);
        }
        finally
        {
            await clone.ExecuteAsync("postgres", "ALTER SYSTEM RESET log_connections");
            await clone.ExecuteAsync("postgres", "SELECT pg_reload_conf()");
        }
        await using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(before, SeekOrigin.Begin);
            connections = await new StreamReader(stream).ReadToEndAsync();
        }
        var databases = ConnectionAuthorized().Matches(connections).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.EndsWith("1 passed, 0 failed", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains(databases, d => TestDatabaseName().IsMatch(d));
        Assert.DoesNotContain("spatial", databases);
        Assert.Equal(0L, await clone.ScalarAsync<long>("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'spatial\\_test\\_%'"));
        Assert.Equal(projects, await clone.ScalarAsync<long>("spatial", "SELECT count(*) FROM projects"));
        // Its results: one TRX per test project, and the screenshots' folder, in .local/test-results.
        var results = Path.Combine(clone.Root, ".local", "test-results");
        Assert.Equal(ResultFiles, Directory.GetFiles(results, "*.trx").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Matches("<Counters [^>]*passed=\"1\"", await File.ReadAllTextAsync(Path.Combine(results, "Spatial.Api.Tests.trx")));
        Assert.True(Directory.Exists(Path.Combine(results, "screenshots")));
    }

    [GeneratedRegex(@"connection authorized: user=\S+ database=(\S+)")]
    private static partial Regex ConnectionAuthorized();

    [GeneratedRegex("^spatial_test_[0-9a-f]{12}$")]
    private static partial Regex TestDatabaseName();
}
