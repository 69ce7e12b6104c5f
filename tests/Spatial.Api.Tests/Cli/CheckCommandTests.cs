using System.Globalization;
using Microsoft.Extensions.Configuration;
using Spatial.Api.Tests.Features.Footprints;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli;

namespace Spatial.Api.Tests.Cli;

[Collection(ApiTests.Name)]
public sealed class CheckCommandTests(ApiFixture api)
{
    private IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Spatial"] = api.Database.ConnectionString }).Build();

    private async Task<(int Exit, string Output, string Errors)> CheckAsync(string fileName, string content, params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{fileName}");
        await File.WriteAllTextAsync(path, content);
        try
        {
            using var output = new StringWriter(CultureInfo.InvariantCulture);
            using var errors = new StringWriter(CultureInfo.InvariantCulture);
            var exit = await CommandLine.RunAsync(["check", path, .. options], Configuration, output, errors);
            return (exit, output.ToString(), errors.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_clean_parcel_exits_0_and_prints_its_areas_in_m2_ha_and_mu()
    {
        // Open land in 密山市, away from every zone, park, project and water body.
        var clean = (await api.Database.RowsAsync("""
            SELECT ST_AsText(g) FROM (SELECT ST_Expand(ST_SetSRID(ST_Point(131.60, 45.75), 4490), 0.002) g) x
            WHERE NOT EXISTS (SELECT 1 FROM planting_zones z WHERE ST_Intersects(z.geom, x.g))
              AND NOT EXISTS (SELECT 1 FROM projects p WHERE ST_Intersects(p.geom, x.g))
              AND NOT EXISTS (SELECT 1 FROM industrial_parks k WHERE ST_Intersects(k.geom, x.g))
              AND NOT EXISTS (SELECT 1 FROM ecological_areas e WHERE ST_Intersects(e.geom, x.g))
            """, r => r.GetString(0))).Single();

        var (exit, output, _) = await CheckAsync("parcel.wkt", clean);

        Assert.Equal(FootprintCommand.Pass, exit);
        Assert.Equal(0, exit);
        Assert.Contains("结论 verdict: PASS", output, StringComparison.Ordinal);
        Assert.Contains("亩", output, StringComparison.Ordinal);
        Assert.Contains("密山市 100%", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parcel_on_the_lake_exits_2()
    {
        var (exit, output, _) = await CheckAsync("lake.geojson",
            """{"type":"Polygon","coordinates":[[[132.44,45.09],[132.46,45.09],[132.46,45.11],[132.44,45.11],[132.44,45.09]]]}""");

        Assert.Equal(FootprintCommand.Fail, exit);
        Assert.Equal(2, exit);
        Assert.Contains("WATER_OVERLAP", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parcel_whose_only_conflict_is_a_planting_zone_exits_1_and_prints_the_warning()
    {
        var (id, _, disc) = await FootprintCalls.ZoneOnlySiteAsync(api.Database);

        var (exit, output, errors) = await CheckAsync("zone.geojson", disc);

        Assert.Equal(FootprintCommand.Warn, exit);
        Assert.Equal(1, exit);
        Assert.Empty(errors);
        Assert.Contains("结论 verdict: WARN", output, StringComparison.Ordinal);
        Assert.Contains("[warn] ZONE_OVERLAP", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[fail]", output, StringComparison.Ordinal);
        Assert.Contains(await api.Database.ScalarAsync<string>("SELECT name_zh FROM planting_zones WHERE id = $1", id), output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("1e5")]
    public async Task A_tolerance_that_is_not_an_area_from_0_to_10000_m2_exits_3_before_checking(string tolerance)
    {
        var (exit, output, errors) = await CheckAsync("lake.geojson",
            """{"type":"Polygon","coordinates":[[[132.44,45.09],[132.46,45.09],[132.46,45.11],[132.44,45.11],[132.44,45.09]]]}""", "--tolerance", tolerance);

        Assert.Equal(3, exit);
        Assert.Empty(output);
        Assert.Contains($"--tolerance: '{tolerance}' is not an area in m²", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sector_outside_the_sectors_table_exits_3_with_the_words_the_api_uses()
    {
        var sectors = await api.Database.IdsAsync("SELECT code FROM sectors ORDER BY code");

        var (exit, output, errors) = await CheckAsync("lake.geojson",
            """{"type":"Polygon","coordinates":[[[132.44,45.09],[132.46,45.09],[132.46,45.11],[132.44,45.11],[132.44,45.09]]]}""", "--sector", "mining");

        Assert.Equal(3, exit);
        Assert.Empty(output);
        Assert.Equal($"spatial check: --sector: 'mining' is not a sector; use one of {string.Join(", ", sectors)}", errors.TrimEnd());
        Assert.Equal(7, sectors.Count);
    }

    [Fact]
    public async Task An_industrial_sector_outside_every_park_is_warned_as_the_api_warns_it()
    {
        var (exit, output, _) = await CheckAsync("open-land.wkt", "POLYGON((131.60 45.70, 131.61 45.70, 131.61 45.71, 131.60 45.71, 131.60 45.70))",
            "--sector", "bio_energy");
        var (_, agriculture, _) = await CheckAsync("open-land.wkt", "POLYGON((131.60 45.70, 131.61 45.70, 131.61 45.71, 131.60 45.71, 131.60 45.70))",
            "--sector", "bio_agriculture");

        Assert.Equal(FootprintCommand.Warn, exit);
        Assert.Contains("[warn] OUTSIDE_PARKS", output, StringComparison.Ordinal);
        Assert.DoesNotContain("OUTSIDE_PARKS", agriculture, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_file_exits_3_with_the_reason()
    {
        var (exit, _, errors) = await CheckAsync("broken.txt", "[属性描述]\n坐标系=2000国家大地坐标系\n[地块坐标]\n");

        Assert.Equal(FootprintCommand.Unreadable, exit);
        Assert.Contains("no parcel", errors, StringComparison.Ordinal);
    }
}
