using System.Net;
using System.Text.RegularExpressions;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>/items?f=dxf: a drawing in Gauss–Krüger metres — outlines as closed polylines, labels as text.</summary>
[Collection(ApiTests.Name)]
public sealed class DxfExportTests(ApiFixture api)
{
    /// <summary>The prefixed CGCS2000 zone (EPSG 4488 + zone) of the middle of the rows' extent, by PostGIS: round(longitude / 3).</summary>
    private Task<int> ZoneSridOfAsync(string table, string where) => api.Database.ScalarAsync<int>(
        $"SELECT 4488 + round(((ST_XMin(e) + ST_XMax(e)) / 2 / 3)::numeric)::int FROM (SELECT ST_Extent(geom) AS e FROM {table} WHERE {where}) x");

    /// <summary>
    /// Every polyline is one ring of a stored outline as PostGIS transforms it, within a millimetre, and every ring
    /// is drawn; each located feature has one label, its id and Chinese name, at a point of the feature.
    /// </summary>
    private async Task AssertDrawingAsync(string path, string collection, string table, string where, int srid)
    {
        var entities = await ExportCalls.ReadWithGdalAsync(path);
        var outlines = entities.Where(e => e.Text("Layer") == collection).ToList();
        var labels = entities.Where(e => e.Text("Layer") == collection + "-labels").ToList();
        Assert.Equal(entities.Count, outlines.Count + labels.Count);
        Assert.All(outlines, o => Assert.Equal("AcDbEntity:AcDbPolyline", o.Text("SubClasses")));

        Assert.Equal(await api.Database.ScalarAsync<long>($"SELECT sum(ST_NRings(geom)) FROM {table} WHERE {where}"), outlines.Count);
        var farthest = await api.Database.ScalarAsync<double>($"""
            WITH drawn AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(g), {srid}) AS line FROM unnest($1::text[]) g),
                 stored AS (SELECT (ST_Dump(ST_Boundary(ST_Transform(geom, {srid})))).geom AS ring FROM {table} WHERE geom IS NOT NULL AND {where})
            SELECT max(nearest) FROM (SELECT (SELECT min(ST_HausdorffDistance(d.line, s.ring)) FROM stored s) AS nearest FROM drawn d) x
            """, (object)outlines.Select(o => o.Geometry!).ToArray());
        Assert.InRange(farthest, 0, 0.001);

        var truth = await api.Database.RowsAsync($"SELECT id || ' ' || name_zh FROM {table} WHERE geom IS NOT NULL AND {where} ORDER BY 1", r => r.GetString(0));
        Assert.NotEmpty(truth);
        Assert.Equal(truth, labels.Select(l => Label(l)).Order(StringComparer.Ordinal));
        var outside = await api.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM unnest($1::text[], $2::text[]) AS l(text, point) JOIN {table} t ON t.id || ' ' || t.name_zh = l.text
            WHERE NOT ST_Intersects(ST_Transform(t.geom, {srid}), ST_SetSRID(ST_GeomFromGeoJSON(l.point), {srid}))
            """, labels.Select(l => Label(l)).ToArray(), labels.Select(l => l.Geometry!).ToArray());
        Assert.Equal(0, outside);
        // The labels' text style names a font with hanzi (AutoCAD keeps a TrueType family in the style's ACAD data).
        Assert.Contains("\n1000\nSimSun\n", (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A label's text. A DXF text over 250 characters is stored in 250-character pieces that CAD joins before it reads
    /// the \U+XXXX escapes; GDAL 3.6 reads each piece's escapes on its own, so one cut by a piece's end reaches it as is.
    /// </summary>
    private static string Label(GdalFeature label) =>
        Regex.Replace(label.Text("Text")!, @"\\U\+([0-9a-fA-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());

    [Fact]
    public async Task A_dxf_without_crs_is_drawn_in_the_gauss_kruger_zone_of_its_data_and_says_which()
    {
        using var downloads = new Downloads();
        var (response, path) = await api.Client.DownloadAsync("/collections/projects/items?f=dxf", downloads, "projects.dxf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/vnd.dxf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"projects.dxf\"; filename*=UTF-8''projects.dxf", response.Content.Headers.ContentDisposition?.ToString());
        var srid = await ZoneSridOfAsync("projects", "true");
        Assert.Equal(4532, srid);
        Assert.Equal($"<http://www.opengis.net/def/crs/EPSG/0/{srid}>", response.ContentCrs());
        await AssertDrawingAsync(path, "projects", "projects", "true", srid);
    }

    [Fact]
    public async Task A_dxf_in_the_gauss_kruger_crs_asked_for_is_drawn_in_it()
    {
        using var downloads = new Downloads();
        var (response, path) = await api.Client.DownloadAsync("/collections/planting-zones/items?f=dxf&crs=EPSG:4553", downloads, "zones.dxf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4553>", response.ContentCrs());
        await AssertDrawingAsync(path, "planting-zones", "planting_zones", "true", 4553);
    }

    [Fact]
    public async Task The_zone_of_a_dxf_follows_the_features_the_request_selects()
    {
        using var downloads = new Downloads();
        // 珍宝岛 lies east of 133.5°E, in zone 45, while the layer as a whole is in zone 44.
        var (response, path) = await api.Client.DownloadAsync($"/collections/ecological-areas/items?f=dxf&name_zh={Uri.EscapeDataString("珍宝岛")}", downloads, "zhenbao.dxf");
        var srid = await ZoneSridOfAsync("ecological_areas", "name_zh = '珍宝岛'");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4533, srid);
        Assert.Equal(4532, await ZoneSridOfAsync("ecological_areas", "true"));
        Assert.Equal($"<http://www.opengis.net/def/crs/EPSG/0/{srid}>", response.ContentCrs());
        await AssertDrawingAsync(path, "ecological-areas", "ecological_areas", "name_zh = '珍宝岛'", srid);
    }
}
