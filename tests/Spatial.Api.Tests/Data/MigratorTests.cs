using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

public sealed class MigratorTests
{
    private static SchemaScript Script(int version, string name, string sql) => new(version, name, sql);

    [Fact]
    public async Task Every_embedded_script_is_applied_once_and_recorded_with_its_checksum()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrator = new Migrator(SchemaScripts.Embedded());

        var first = await migrator.ApplyAsync(database.DataSource, CancellationToken.None);
        var second = await migrator.ApplyAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(migrator.Scripts.Select(s => s.Version), first.Select(s => s.Version));
        Assert.Empty(second);
        Assert.Equal(migrator.Scripts.Count, (int)await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(migrator.Scripts[0].Checksum,
            await database.ScalarAsync<string>("SELECT checksum FROM schema_migrations WHERE version = $1", migrator.Scripts[0].Version));
        Assert.StartsWith("3.", await database.ScalarAsync<string>("SELECT postgis_lib_version()"));
    }

    [Fact]
    public async Task A_script_changed_after_it_was_applied_is_refused_not_rerun()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new Migrator([Script(1, "first", "CREATE TABLE first_table (id int)")])
            .ApplyAsync(database.DataSource, CancellationToken.None);

        var changed = new Migrator([Script(1, "first", "CREATE TABLE first_table (id bigint)")]);
        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => changed.ApplyAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("001_first.sql was changed after it was applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_script_failing_half_way_rolls_back_every_script_of_the_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrator = new Migrator([
            Script(1, "good", "CREATE TABLE good_table (id int)"),
            Script(2, "bad", "CREATE TABLE half_table (id int); SELECT 1 / 0"),
        ]);

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => migrator.ApplyAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("002_bad.sql failed (22012", error.Message, StringComparison.Ordinal);
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('good_table') IS NOT NULL"));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('half_table') IS NOT NULL"));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('schema_migrations') IS NOT NULL"));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new Migrator([Script(1, "one", "SELECT 1"), Script(2, "two", "SELECT 2")])
            .ApplyAsync(database.DataSource, CancellationToken.None);

        var older = new Migrator([Script(1, "one", "SELECT 1")]);
        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => older.ApplyAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("002_two, which this build does not know", error.Message, StringComparison.Ordinal);
    }
}
