using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

/// <summary>The migrator's promises, on a database of each test's own with scripts made for the test.</summary>
public sealed class MigratorTests
{
    private static readonly SchemaScript Parcels = new(1, "parcels", "CREATE TABLE parcels (id int PRIMARY KEY)");
    private static readonly SchemaScript Owners = new(2, "owners", "CREATE TABLE owners (id int PRIMARY KEY); INSERT INTO parcels VALUES (1)");

    [Fact]
    public async Task The_embedded_scripts_apply_once_and_a_second_run_applies_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrator = new Migrator(SchemaScripts.Embedded());

        var first = await migrator.ApplyAsync(database.DataSource, CancellationToken.None);
        var second = await migrator.ApplyAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(migrator.Scripts.Select(s => s.Version), first.Select(s => s.Version));
        Assert.Empty(second);
        var recorded = await database.RowsAsync("SELECT version, checksum FROM schema_migrations ORDER BY version", r => (r.GetInt32(0), r.GetString(1)));
        Assert.Equal(migrator.Scripts.Select(s => (s.Version, s.Checksum)), recorded);
    }

    [Fact]
    public async Task A_script_changed_after_it_was_applied_is_refused_and_nothing_runs()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new Migrator([Parcels]).ApplyAsync(database.DataSource, CancellationToken.None);
        var changed = Parcels with { Sql = "CREATE TABLE parcels (id bigint PRIMARY KEY)" };

        var refused = await Assert.ThrowsAsync<SchemaMigrationException>(() => new Migrator([changed, Owners]).ApplyAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("001_parcels.sql was changed after it was applied", refused.Message, StringComparison.Ordinal);
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('owners') IS NOT NULL"));
    }

    [Fact]
    public async Task A_script_that_fails_half_way_leaves_nothing_of_the_run_behind()
    {
        await using var database = await TestDatabase.CreateAsync();
        var broken = new SchemaScript(2, "broken", "CREATE TABLE owners (id int PRIMARY KEY); INSERT INTO nowhere VALUES (1)");

        var refused = await Assert.ThrowsAsync<SchemaMigrationException>(() => new Migrator([Parcels, broken]).ApplyAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("002_broken.sql failed (42P01", refused.Message, StringComparison.Ordinal);
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('parcels') IS NOT NULL OR to_regclass('owners') IS NOT NULL"));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('schema_migrations') IS NOT NULL"));
    }

    [Fact]
    public async Task Two_instances_migrating_at_once_take_turns_and_the_scripts_run_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Slow enough that without the advisory lock both would create the table and one would fail.
        var slow = new SchemaScript(1, "slow", "SELECT pg_sleep(0.5); CREATE TABLE parcels (id int PRIMARY KEY)");

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => new Migrator([slow, Owners]).ApplyAsync(database.DataSource, CancellationToken.None))));

        Assert.Equal([2, 0], runs.Select(r => r.Count).Order().Reverse());
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM parcels"));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new Migrator([Parcels, Owners]).ApplyAsync(database.DataSource, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SchemaMigrationException>(() => new Migrator([Parcels]).ApplyAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("schema version 002_owners, which this build does not know", refused.Message, StringComparison.Ordinal);
    }
}
