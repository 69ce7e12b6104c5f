using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli.Gisdata;

namespace Spatial.Api.Tests.Data;

/// <summary>
/// Script 004 (the vocabularies' lookup tables and foreign keys) takes a database that runs 001–003 with
/// all of gisdata/ in it forward: no row changes, and what the CHECK lists allowed the keys now enforce.
/// </summary>
public sealed class VocabularyMigrationTests
{
    private static readonly string[] LayerTables =
        ["counties", "water_bodies", "rivers", "borders", "ecological_areas", "planting_zones", "industrial_parks", "projects", "enterprises"];

    // Every row of every layer, as PostgreSQL prints it (geometry, timestamps and all), in one digest per table.
    private static readonly string Digests = string.Join(" UNION ALL ", LayerTables.Select(t =>
        $"SELECT '{t}', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {t} x")) + " ORDER BY 1";

    private static Task<List<(string Table, long Rows, string Digest)>> DigestAsync(TestDatabase database) =>
        database.RowsAsync(Digests, r => (r.GetString(0), r.GetInt64(1), r.GetString(2)));

    /// <summary>
    /// The same with a JSON operator applied to each row first (e.g. "- 'version'" for a column a migration adds, "- 'geom_wm'" for
    /// script 012's drawing copy of the geometry), the geometry as EWKB.
    /// </summary>
    private static Task<List<(string Table, long Rows, string Digest)>> DigestAsync(TestDatabase database, string without) =>
        database.RowsAsync(string.Join(" UNION ALL ", LayerTables.Select(t =>
                $"SELECT '{t}', count(*), md5(coalesce(string_agg((to_jsonb(x) {without})::text || coalesce(ST_AsEWKB(x.geom)::text, ''), '|' ORDER BY (to_jsonb(x) {without})::text), '')) FROM {t} x"))
            + " ORDER BY 1", r => (r.GetString(0), r.GetInt64(1), r.GetString(2)));

    [Fact]
    public async Task Script_004_migrates_a_populated_database_without_changing_a_row_and_its_keys_refuse_unknown_codes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var scripts = SchemaScripts.Embedded();
        await new Migrator(scripts.Where(s => s.Version < 4).ToList()).ApplyAsync(database.DataSource, CancellationToken.None);
        await GisdataLoader.LoadAsync(database.DataSource, GisdataDirectory.Resolve(null), CancellationToken.None);
        var before = await DigestAsync(database);

        var applied = await new Migrator(scripts.Where(s => s.Version <= 4).ToList()).ApplyAsync(database.DataSource, CancellationToken.None);

        Assert.Equal([4], applied.Select(s => s.Version));
        Assert.All(before, table => Assert.True(table.Rows > 0, $"{table.Table} is empty"));
        Assert.Equal(before, await DigestAsync(database));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_type WHERE typname IN ('geometry_source', 'project_status')"));
        Assert.Equal(["bio_energy", "bio_environmental", "bio_manufacturing", "biomedical_engineering", "biomedicine"],
            await database.IdsAsync("SELECT code FROM sectors WHERE industrial ORDER BY code"));

        Assert.Equal("projects_status_fkey", await RefusedAsync(database, "UPDATE projects SET status = 'demolished' WHERE id = 'JX-01'"));
        Assert.Equal("projects_scope_fkey", await RefusedAsync(database, "UPDATE projects SET scope = 'region' WHERE id = 'JX-01'"));
        Assert.Equal("water_bodies_geometry_source_fkey", await RefusedAsync(database, "UPDATE water_bodies SET geometry_source = 'guessed'"));
        Assert.Equal("ecological_areas_kind_fkey", await RefusedAsync(database, "UPDATE ecological_areas SET kind = 'desert'"));
        Assert.Equal("industrial_parks_level_fkey", await RefusedAsync(database, "UPDATE industrial_parks SET level = 'village'"));
        Assert.Equal("projects_status_fkey", await RefusedAsync(database, "DELETE FROM project_statuses WHERE code = 'planned'"));
    }

    [Fact]
    public async Task Script_005_gives_every_row_of_a_populated_database_its_first_version_on_record_and_changes_nothing_else()
    {
        await using var database = await TestDatabase.CreateAsync();
        var scripts = SchemaScripts.Embedded();
        await new Migrator(scripts.Where(s => s.Version < 5).ToList()).ApplyAsync(database.DataSource, CancellationToken.None);
        await GisdataLoader.LoadAsync(database.DataSource, GisdataDirectory.Resolve(null), CancellationToken.None);
        var before = await DigestAsync(database, "- 'version' - 'geom_wm'");

        var applied = await new Migrator(scripts).ApplyAsync(database.DataSource, CancellationToken.None);

        Assert.Contains(5, applied.Select(s => s.Version));
        Assert.Equal(before, await DigestAsync(database, "- 'version' - 'geom_wm'"));
        var editable = new[] { "ecological_areas", "planting_zones", "industrial_parks", "projects", "enterprises" };
        foreach (var table in editable)
        {
            var rows = await database.ScalarAsync<long>($"SELECT count(*) FROM {table}");
            Assert.True(rows > 0, table);
            Assert.Equal(rows, await database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE version = 1"));
            // One 'create' per row, by the migration, whose after-image is the row itself (geometry exactly).
            Assert.Equal(rows, await database.ScalarAsync<long>($"""
                SELECT count(*) FROM {table} t JOIN feature_history h ON h.layer = '{table}' AND h.feature_id = t.id
                WHERE h.version = 1 AND h.operation = 'create' AND h.changed_by = 'migration 005'
                  AND h.after_attributes = to_jsonb(t) - 'geom' - 'geom_wm' AND ST_AsBinary(h.after_geom) IS NOT DISTINCT FROM ST_AsBinary(t.geom)
                """));
        }
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM feature_history WHERE layer <> ALL (ARRAY['{string.Join("','", editable)}'])"));
    }

    /// <summary>The foreign key that refuses the statement (23503).</summary>
    private static async Task<string> RefusedAsync(TestDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        return refused.ConstraintName!;
    }
}
