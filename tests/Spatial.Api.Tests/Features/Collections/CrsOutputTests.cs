using System.Globalization;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// Every output CRS against PostGIS's own ST_Transform (PROJ), and ST_FlipCoordinates for the CRSs whose
/// EPSG axis order is latitude or northing first. The axis orders are written here, not read from the code.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class CrsOutputTests(ApiFixture api)
{
    /// <summary>Half of the last decimal written (7 for degrees, 3 for metres), with room for the rounding of the truth.</summary>
    private const double DegreeTolerance = 1e-7, MetreTolerance = 1e-3;

    // crs parameter (null: none given), Content-Crs expected, SRID for ST_Transform, whether the first axis is y.
    public static TheoryData<string?, string, int, bool> Crss => new()
    {
        { null, "http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false },
        { "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false },
        { "http://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true },
        { "http://www.opengis.net/def/crs/EPSG/0/4490", "http://www.opengis.net/def/crs/EPSG/0/4490", 4490, true },
        { "http://www.opengis.net/def/crs/EPSG/0/3857", "http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false },
        { "http://www.opengis.net/def/crs/EPSG/0/4531", "http://www.opengis.net/def/crs/EPSG/0/4531", 4531, true },
        { "http://www.opengis.net/def/crs/EPSG/0/4532", "http://www.opengis.net/def/crs/EPSG/0/4532", 4532, true },
        { "http://www.opengis.net/def/crs/EPSG/0/4533", "http://www.opengis.net/def/crs/EPSG/0/4533", 4533, true },
        { "http://www.opengis.net/def/crs/EPSG/0/4552", "http://www.opengis.net/def/crs/EPSG/0/4552", 4552, true },
        { "http://www.opengis.net/def/crs/EPSG/0/4553", "http://www.opengis.net/def/crs/EPSG/0/4553", 4553, true },
        { "http://www.opengis.net/def/crs/EPSG/0/4554", "http://www.opengis.net/def/crs/EPSG/0/4554", 4554, true },
    };

    private static bool Geographic(int srid) => srid is 4326 or 4490;

    /// <summary>Every vertex of every feature, in the order GeoJSON writes them (ST_DumpPoints walks rings and parts the same way).</summary>
    private async Task<Dictionary<string, List<(double A, double B)>>> TruthAsync(string table, int srid, bool yFirst)
    {
        var transformed = $"ST_Transform(geom, {srid.ToString(CultureInfo.InvariantCulture)})";
        var rows = await api.Database.RowsAsync(
            $"SELECT id, ST_X(d.geom), ST_Y(d.geom) FROM {table}, ST_DumpPoints({(yFirst ? $"ST_FlipCoordinates({transformed})" : transformed)}) d ORDER BY id, d.path",
            r => (Id: r.GetString(0), A: r.GetDouble(1), B: r.GetDouble(2)));
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Select(r => (r.A, r.B)).ToList());
    }

    private static IEnumerable<(double A, double B)> Positions(JsonElement coordinates) =>
        coordinates[0].ValueKind == JsonValueKind.Number
            ? [(coordinates[0].GetDouble(), coordinates[1].GetDouble())]
            : coordinates.EnumerateArray().SelectMany(Positions);

    [Theory]
    [MemberData(nameof(Crss))]
    public async Task Every_coordinate_of_points_and_polygons_is_what_st_transform_gives_in_the_crs_axis_order(string? crs, string contentCrs, int srid, bool yFirst)
    {
        var tolerance = Geographic(srid) ? DegreeTolerance : MetreTolerance;
        foreach (var (collection, table) in new[] { ("enterprises", "enterprises"), ("projects", "projects"), ("planting-zones", "planting_zones") })
        {
            using var response = await api.Client.GetAsync(new Uri(
                $"/collections/{collection}/items?limit=1000" + (crs is null ? "" : "&crs=" + Uri.EscapeDataString(crs)), UriKind.Relative));
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var truth = await TruthAsync(table, srid, yFirst);
            var features = page.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("geometry").ValueKind != JsonValueKind.Null).ToList();

            Assert.Equal($"<{contentCrs}>", response.Headers.GetValues("Content-Crs").Single());
            Assert.Null(page.NextLink());
            Assert.NotEmpty(truth);
            Assert.Equal(truth.Keys.Order(StringComparer.Ordinal), features.Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
            foreach (var feature in features)
            {
                var id = feature.GetProperty("id").GetString()!;
                var returned = Positions(feature.GetProperty("geometry").GetProperty("coordinates")).ToList();
                Assert.True(truth[id].Count == returned.Count, $"{collection}/{id}: {returned.Count} positions, PostGIS has {truth[id].Count}");
                for (var i = 0; i < returned.Count; i++)
                {
                    Assert.True(Math.Abs(returned[i].A - truth[id][i].A) <= tolerance && Math.Abs(returned[i].B - truth[id][i].B) <= tolerance,
                        $"{collection}/{id} position {i} in EPSG:{srid}: returned {returned[i]}, ST_Transform gives {truth[id][i]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Crss))]
    public async Task One_feature_is_written_in_the_requested_crs_with_its_content_crs(string? crs, string contentCrs, int srid, bool yFirst)
    {
        using var response = await api.Client.GetAsync(new Uri(
            "/collections/enterprises/items/ent-zhenbaodao" + (crs is null ? "" : "?crs=" + Uri.EscapeDataString(crs)), UriKind.Relative));
        var feature = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var truth = (await TruthAsync("(SELECT * FROM enterprises WHERE id = 'ent-zhenbaodao') e", srid, yFirst))["ent-zhenbaodao"].Single();
        var returned = Positions(feature.GetProperty("geometry").GetProperty("coordinates")).Single();
        var tolerance = Geographic(srid) ? DegreeTolerance : MetreTolerance;

        Assert.Equal($"<{contentCrs}>", response.Headers.GetValues("Content-Crs").Single());
        Assert.Equal(truth.A, returned.A, tolerance);
        Assert.Equal(truth.B, returned.B, tolerance);
    }

    [Theory]
    [MemberData(nameof(Crss))]
    public async Task A_bbox_in_the_crs_selects_what_postgis_finds_intersecting_it_there(string? crs, string contentCrs, int srid, bool yFirst)
    {
        _ = contentCrs;
        // 鸡东县 to 密山市 (130.9–131.9°E, 45.1–45.6°N), as the envelope of that box in the CRS.
        var box = (await api.Database.RowsAsync(
            $"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Transform(ST_MakeEnvelope(130.9, 45.1, 131.9, 45.6, 4490), {srid}) e) x",
            r => (X1: r.GetDouble(0), Y1: r.GetDouble(1), X2: r.GetDouble(2), Y2: r.GetDouble(3))))[0];
        var numbers = yFirst ? new[] { box.Y1, box.X1, box.Y2, box.X2 } : new[] { box.X1, box.Y1, box.X2, box.Y2 };
        var bbox = string.Join(",", numbers.Select(n => n.ToString("R", CultureInfo.InvariantCulture)));

        var walked = await api.Client.WalkAsync($"/collections/projects/items?limit=1000&bbox={bbox}"
            + (crs is null ? "" : "&bbox-crs=" + Uri.EscapeDataString(crs)));
        var truth = await api.Database.IdsAsync(
            $"SELECT id FROM projects WHERE ST_Intersects(ST_Transform(geom, {srid}), ST_MakeEnvelope($1, $2, $3, $4, {srid})) ORDER BY id",
            box.X1, box.Y1, box.X2, box.Y2);
        var all = await api.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE geom IS NOT NULL");

        Assert.NotEmpty(truth);
        Assert.True(truth.Count < all, $"the box selects all {all} located projects");
        Assert.Equal(truth, walked);
    }
}
