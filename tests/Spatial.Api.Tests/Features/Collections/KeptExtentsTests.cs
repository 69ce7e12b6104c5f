using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// /collections and /collections/{id} keep each layer's extent for its version: a locked layer (any statement reading
/// it waits past the 2 s deadline) still gets its metadata, and a write makes the extent be read again.
/// </summary>
public sealed class KeptExtentsTests(ReadPathFixture api) : IClassFixture<ReadPathFixture>
{
    private static double[] Bbox(JsonElement collection) =>
        [.. collection.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble())];

    private async Task<double[]> ExtentInDatabaseAsync(string table) => (await api.Database.RowsAsync(
        $"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom)::geometry AS e FROM {table}) x",
        r => new[] { r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3) })).Single();

    [Fact]
    public async Task The_collections_of_a_locked_layer_are_served_from_the_kept_extent()
    {
        var before = await api.Client.GetOkJsonAsync("/collections");
        var projectBefore = await api.Client.GetOkJsonAsync("/collections/projects");

        await using (await TableLock.TakeAsync(api.Database, "projects"))
        {
            var during = await api.Client.GetOkJsonAsync("/collections");
            var projectDuring = await api.Client.GetOkJsonAsync("/collections/projects");

            Assert.Equal(before.GetProperty("collections").GetRawText(), during.GetProperty("collections").GetRawText());
            Assert.Equal(Bbox(projectBefore), Bbox(projectDuring));
        }
        Assert.Equal((await ExtentInDatabaseAsync("projects")).Select(v => Math.Round(v, 7)), Bbox(projectBefore));
    }

    [Fact]
    public async Task A_write_to_a_layer_makes_its_extent_be_read_again_and_only_its_own()
    {
        var parksBefore = Bbox(await api.Client.GetOkJsonAsync("/collections/industrial-parks"));
        var enterprisesBefore = Bbox(await api.Client.GetOkJsonAsync("/collections/enterprises"));
        await api.Database.ScalarAsync<int>("""
            WITH i AS (INSERT INTO enterprises (id, name_zh, name_en, sector, county_code, plan, source_ref, geometry_source, geom)
                       SELECT 'KE-1', '边界企业', 'Enterprise at the edge', 'bio_energy', '230381', 'jixi-2022', 'ke-1', 'indicative',
                              ST_SetSRID(ST_MakePoint(ST_XMax(e) + 0.5, ST_YMax(e) + 0.25), 4490)
                       FROM (SELECT ST_Extent(geom)::geometry AS e FROM enterprises) x RETURNING 1)
            SELECT count(*)::int FROM i
            """);

        await using (await TableLock.TakeAsync(api.Database, "industrial_parks"))
        {
            var enterprisesAfter = Bbox(await api.Client.GetOkJsonAsync("/collections/enterprises"));
            var listed = (await api.Client.GetOkJsonAsync("/collections")).GetProperty("collections").EnumerateArray().ToList();

            Assert.Equal((await ExtentInDatabaseAsync("enterprises")).Select(v => Math.Round(v, 7)), enterprisesAfter);
            Assert.Equal(Math.Round(enterprisesBefore[2] + 0.5, 7), enterprisesAfter[2], 6);
            Assert.Equal(enterprisesAfter, Bbox(listed.Single(c => c.GetProperty("id").GetString() == "enterprises")));
            Assert.Equal(parksBefore, Bbox(listed.Single(c => c.GetProperty("id").GetString() == "industrial-parks")));
        }
    }

    [Fact]
    public async Task Metadata_of_a_layer_never_read_is_a_503_while_it_is_locked_so_the_lock_holds()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var app = new SpatialApp(database.ConnectionString, new Dictionary<string, string?> { ["Spatial:Work:Reads:Deadline"] = "00:00:01" });
        var client = await app.ReadyClientAsync();

        await using (await TableLock.TakeAsync(database, "rivers"))
        {
            using var response = await client.GetAsync(new Uri("/collections/rivers", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
    }
}
