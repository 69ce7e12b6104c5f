using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>/items?f=gpkg, read back by GDAL and compared with the database row by row.</summary>
[Collection(ApiTests.Name)]
public sealed class GeoPackageExportTests(ApiFixture api)
{
    private sealed record Project(string Id, string NameZh, double? Investment, double? LandArea, string? CountyZh, string? GeometrySource, string? SummaryZh);

    private Task<List<Project>> ProjectsAsync(string where = "true") => api.Database.RowsAsync($"""
        SELECT p.id, p.name_zh, p.investment_cny::float8, p.land_area_m2::float8, c.name_zh, p.geometry_source, p.summary_zh
        FROM projects p LEFT JOIN counties c ON c.code = p.county_code WHERE {where} ORDER BY p.id
        """, r => new Project(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));

    [Fact]
    public async Task A_geopackage_holds_every_project_with_its_attributes_and_its_exact_geometry_in_cgcs2000()
    {
        using var downloads = new Downloads();
        var (response, path) = await api.Client.DownloadAsync("/collections/projects/items?f=gpkg", downloads, "projects.gpkg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geopackage+sqlite3", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"projects.gpkg\"; filename*=UTF-8''projects.gpkg", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4490>", response.ContentCrs());
        var summary = await ExportCalls.SummaryAsync(path);
        Assert.Contains("Layer name: projects", summary, StringComparison.Ordinal);
        Assert.Contains("ID[\"EPSG\",4490]", summary, StringComparison.Ordinal);
        Assert.Contains("investment_cny: Real", summary, StringComparison.Ordinal);
        Assert.Contains("created_at: DateTime", summary, StringComparison.Ordinal);

        var features = (await ExportCalls.ReadWithGdalAsync(path)).OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        var truth = await ProjectsAsync();
        Assert.Equal(65, truth.Count);
        Assert.Equal(truth.Select(t => t.Id), features.Select(f => f.Id));
        foreach (var (t, f) in truth.Zip(features))
        {
            Assert.Equal(t.NameZh, f.Text("name_zh"));
            Assert.Equal(t.SummaryZh, f.Text("summary_zh"));
            Assert.Equal(t.CountyZh, f.Text("county_name_zh"));
            Assert.Equal(t.GeometrySource, f.Text("geometry_source"));
            Assert.Equal(t.Investment, f.Number("investment_cny"));
            Assert.Equal(t.LandArea, f.Number("land_area_m2"));
        }
        var located = await api.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE geom IS NOT NULL");
        Assert.Equal(located, features.Count(f => f.Geometry is not null));
        var (farthest, matched) = await api.Database.FarthestFromDatabaseAsync("projects", 4490, features);
        Assert.Equal(located, matched);
        // Every digit PostGIS has is kept: far below a millimetre (1e-9° ≈ 0.1 mm).
        Assert.InRange(farthest, 0, 1e-9);
    }

    [Fact]
    public async Task A_geopackage_holds_exactly_the_features_the_bbox_the_cql2_filter_and_a_queryable_select_whatever_limit_says()
    {
        using var downloads = new Downloads();
        var filter = Uri.EscapeDataString("name_zh LIKE '%项目%'");
        var (response, path) = await api.Client.DownloadAsync(
            $"/collections/projects/items?f=gpkg&bbox=130.9,45.2,132.09,45.6&filter={filter}&county_code=230321&county_code=230382&limit=1", downloads, "some.gpkg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await ExportCalls.ReadWithGdalAsync(path)).Select(f => f.Id).Order(StringComparer.Ordinal).ToList();
        var truth = await api.Database.IdsAsync("""
            SELECT id FROM projects
            WHERE ST_Intersects(geom, ST_MakeEnvelope(130.9, 45.2, 132.09, 45.6, 4490)) AND name_zh LIKE '%项目%'
              AND county_code IN ('230321', '230382')
            ORDER BY id
            """);
        // Each condition takes some away: the bbox JX-28 and JX-38, the filter JX-21, the queryable the 鸡冠区 projects.
        Assert.Equal(["JX-13", "JX-14", "JX-18", "JX-30", "JX-32", "JX-33", "JX-36"], truth);
        Assert.Equal(truth, ids);
    }

    [Fact]
    public async Task Arrays_are_their_json_text_and_a_gauss_kruger_crs_is_postgis_own_transformation()
    {
        using var downloads = new Downloads();
        var (response, path) = await api.Client.DownloadAsync("/collections/planting-zones/items?f=gpkg&crs=EPSG:4553", downloads, "zones.gpkg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4553>", response.ContentCrs());
        Assert.Contains("ID[\"EPSG\",4553]", await ExportCalls.SummaryAsync(path), StringComparison.Ordinal);
        var features = await ExportCalls.ReadWithGdalAsync(path);
        var crops = await api.Database.RowsAsync("SELECT id, crops_zh FROM planting_zones ORDER BY id",
            r => (r.GetString(0), string.Join('|', r.IsDBNull(1) ? [] : r.GetFieldValue<string[]>(1))));
        Assert.Equal(27, features.Count);
        // GDAL reads the text back as JSON (String(JSON)); its elements are the array's.
        Assert.Equal(crops, features.OrderBy(f => f.Id, StringComparer.Ordinal)
            .Select(f => (f.Id, string.Join('|', f.Properties.GetProperty("crops_zh").EnumerateArray().Select(e => e.GetString())))));
        Assert.Contains(crops, c => c.Item2.Contains('|', StringComparison.Ordinal));
        var (farthest, matched) = await api.Database.FarthestFromDatabaseAsync("planting_zones", 4553, features);
        Assert.Equal(27, matched);
        Assert.InRange(farthest, 0, 1e-4);
    }
}
