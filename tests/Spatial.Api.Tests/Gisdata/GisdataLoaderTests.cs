using Microsoft.Extensions.Configuration;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli;
using Spatial.Cli.Gisdata;

namespace Spatial.Api.Tests.Gisdata;

public sealed class GisdataLoaderTests
{
    private const string Fingerprint = """
        SELECT md5(string_agg(id || coalesce(ST_AsEWKB(geom)::text, ''), ',' ORDER BY id)) FROM (
          SELECT code AS id, geom FROM counties UNION ALL SELECT id, geom FROM projects
          UNION ALL SELECT id, geom FROM planting_zones UNION ALL SELECT id, geom FROM industrial_parks
          UNION ALL SELECT id, geom FROM ecological_areas UNION ALL SELECT id, ST_Multi(geom) FROM enterprises) f
        """;

    private static async Task<TestDatabase> MigratedDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await new Migrator(SchemaScripts.Embedded()).ApplyAsync(database.DataSource, CancellationToken.None);
        return database;
    }

    [Fact]
    public async Task Loading_twice_gives_the_same_rows_and_geometries()
    {
        await using var database = await MigratedDatabaseAsync();
        var directory = GisdataDirectory.Resolve(null);

        var first = await GisdataLoader.LoadAsync(database.DataSource, directory, CancellationToken.None);
        var before = await database.ScalarAsync<string>(Fingerprint);
        var second = await GisdataLoader.LoadAsync(database.DataSource, directory, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(before, await database.ScalarAsync<string>(Fingerprint));
    }

    [Fact]
    public async Task A_load_that_fails_part_way_leaves_the_previous_data_untouched()
    {
        await using var database = await MigratedDatabaseAsync();
        var good = GisdataDirectory.Resolve(null);
        await GisdataLoader.LoadAsync(database.DataSource, good, CancellationToken.None);
        var before = await database.ScalarAsync<string>(Fingerprint);
        var broken = CopyDirectory(good);
        try
        {
            // An unknown sector passes the files but is refused by the database, after other rows went in.
            var projects = Path.Combine(broken, "plan", "projects.json");
            File.WriteAllText(projects, File.ReadAllText(projects).Replace("\"sector\": \"bio_environmental\"", "\"sector\": \"bio_magic\"", StringComparison.Ordinal));

            var error = await Assert.ThrowsAsync<PostgresException>(() => GisdataLoader.LoadAsync(database.DataSource, broken, CancellationToken.None));

            Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
            Assert.Equal(before, await database.ScalarAsync<string>(Fingerprint));
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
    }

    [Fact]
    public async Task Spatial_load_gisdata_if_empty_loads_once_then_leaves_the_data_alone()
    {
        await using var database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Spatial"] = database.ConnectionString }).Build();
        using var first = new StringWriter();
        using var second = new StringWriter();

        Assert.Equal(0, await CommandLine.RunAsync(["load-gisdata", "--if-empty"], configuration, first));
        Assert.Equal(0, await CommandLine.RunAsync(["load-gisdata", "--if-empty"], configuration, second));

        Assert.Matches(@"projects\s+65", first.ToString());
        Assert.StartsWith("gisdata already loaded", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gdal_ogrinfo_lists_every_project_of_both_plans_with_its_attributes()
    {
        await using var database = await MigratedDatabaseAsync();
        await GisdataLoader.LoadAsync(database.DataSource, GisdataDirectory.Resolve(null), CancellationToken.None);
        var csb = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var pg = $"PG:host={csb.Host} port={csb.Port} dbname={csb.Database} user={csb.Username} password={csb.Password}";

        var summary = await ExternalTool.RunAsync("ogrinfo", "-ro", "-so", pg, "projects");
        var listing = await ExternalTool.RunAsync("ogrinfo", "-ro", "-q", pg, "projects");

        Assert.Contains("Feature Count: 65", summary, StringComparison.Ordinal);
        Assert.Contains("investment_cny: Real", summary, StringComparison.Ordinal);
        Assert.Contains("geometry_source: String", summary, StringComparison.Ordinal);
        foreach (var (code, name) in PlanProjects.All)
        {
            Assert.Contains($"id (String) = {code}\n", listing, StringComparison.Ordinal);
            Assert.Contains($"name_zh (String) = {name}\n", listing, StringComparison.Ordinal);
        }
    }

    private static string CopyDirectory(string source)
    {
        var target = Directory.CreateTempSubdirectory("spatial-gisdata-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
