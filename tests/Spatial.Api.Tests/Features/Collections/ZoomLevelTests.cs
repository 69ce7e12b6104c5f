using System.Globalization;
using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// <c>zoom-level</c>, Spatial's extension for maps: a page's lines and outlines simplified in PostGIS to half a pixel at a
/// Web Mercator zoom — fewer vertices the lower the zoom, valid, every part kept, within the tolerance of the stored
/// shape — with bbox, filters, crs, CSV, HTML, paging and the cache as without it.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ZoomLevelTests(ApiFixture api)
{
    /// <summary>Half a pixel at <paramref name="zoom"/> in degrees of latitude at the stored shape's latitude farthest from the equator.</summary>
    private const string HalfPixel = "180 / (256 * 2 ^ $2) * cos(radians(greatest(abs(ST_YMin(t.geom)), abs(ST_YMax(t.geom)))))";

    private sealed record Drawn(long Features, long Vertices, bool AllValid, bool AllPartsKept, double WorstDistanceInTolerances);

    /// <summary>A page's geometries against the stored ones, in PostGIS.</summary>
    private Task<Drawn> CompareAsync(string table, string idColumn, string page, int? zoom) =>
        api.Database.RowsAsync($"""
            WITH f AS (SELECT e->>'id' AS id, ST_SetSRID(ST_GeomFromGeoJSON(e->'geometry'), 4490) AS g FROM json_array_elements($1::json->'features') e)
            SELECT count(*), sum(ST_NPoints(f.g))::bigint, bool_and(ST_IsValid(f.g) AND NOT ST_IsEmpty(f.g)),
                   bool_and(ST_NumGeometries(f.g) = ST_NumGeometries(t.geom)), coalesce(max(ST_HausdorffDistance(f.g, t.geom) / ({HalfPixel})), 0)
            FROM f JOIN {table} t ON t.{idColumn}::text = f.id
            """, r => new Drawn(r.GetInt64(0), r.GetInt64(1), r.GetBoolean(2), r.GetBoolean(3), r.GetDouble(4)), page, zoom ?? 30).ContinueWith(t => t.Result.Single());

    private async Task<Drawn> DrawnAsync(string collection, string table, string idColumn, int? zoom)
    {
        var page = await api.Client.GetStringAsync(new Uri($"/collections/{collection}/items?limit=10000{(zoom is null ? "" : $"&zoom-level={zoom}")}", UriKind.Relative));
        return await CompareAsync(table, idColumn, page, zoom);
    }

    [Theory]
    [InlineData("counties", "counties", "code")]
    [InlineData("water-bodies", "water_bodies", "id")]
    [InlineData("rivers", "rivers", "id")]
    [InlineData("borders", "borders", "id")]
    [InlineData("ecological-areas", "ecological_areas", "id")]
    [InlineData("industrial-parks", "industrial_parks", "id")]
    public async Task The_lower_the_zoom_level_the_fewer_the_vertices_each_shape_valid_whole_and_within_half_a_pixel_of_the_stored_one(
        string collection, string table, string idColumn)
    {
        var stored = await api.Database.ScalarAsync<long>($"SELECT sum(ST_NPoints(geom))::bigint FROM {table}");
        var full = await DrawnAsync(collection, table, idColumn, null);
        var drawn = new List<Drawn>();
        foreach (var zoom in new[] { 0, 6, 9, 12, 24 }) drawn.Add(await DrawnAsync(collection, table, idColumn, zoom));

        Assert.Equal(stored, full.Vertices);
        Assert.All(drawn, d => Assert.Equal(full.Features, d.Features));
        Assert.All(drawn, d => Assert.True(d.AllValid && d.AllPartsKept, $"{collection}: an invalid, empty or lost part in {d}"));
        // Half a pixel, and the 7 decimals of CRS84 output (a centimetre) at zoom 24, where half a pixel is a few millimetres.
        Assert.All(drawn.SkipLast(1), d => Assert.True(d.WorstDistanceInTolerances <= 1.001, $"{collection}: {d}"));
        var vertices = drawn.Select(d => d.Vertices).ToList();
        Assert.True(vertices.SequenceEqual(vertices.Order()) && vertices[^1] <= stored, $"{collection}: {string.Join(" ≤ ", vertices)} ≤ {stored}");
        Assert.True(vertices[1] < stored, $"{collection}: {vertices[1]} vertices at zoom 6 of {stored}");
    }

    [Fact]
    public async Task The_counties_at_the_overview_zoom_have_a_fraction_of_their_vertices()
    {
        var full = await DrawnAsync("counties", "counties", "code", null);
        var overview = await DrawnAsync("counties", "counties", "code", 8);

        Assert.True(overview.Vertices * 4 < full.Vertices, $"{overview.Vertices} of {full.Vertices} vertices at zoom 8");
    }

    [Fact]
    public async Task Points_are_as_stored_at_any_zoom_level()
    {
        var full = await api.Client.GetStringAsync(new Uri("/collections/enterprises/items?limit=10000", UriKind.Relative));
        var overview = await api.Client.GetStringAsync(new Uri("/collections/enterprises/items?limit=10000&zoom-level=0", UriKind.Relative));

        Assert.Equal(Geometries(full), Geometries(overview));
    }

    private static List<string> Geometries(string page) =>
        [.. System.Text.Json.JsonDocument.Parse(page).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("geometry").GetRawText())];

    [Fact]
    public async Task It_composes_with_bbox_filter_crs_paging_and_csv_matching_on_the_stored_shapes()
    {
        const string query = "bbox=130.5,44.8,132.5,46.0&filter=city_zh%3D%27%E9%B8%A1%E8%A5%BF%E5%B8%82%27&limit=2";
        var plain = await api.Client.WalkAsync($"/collections/counties/items?{query}");
        var generalised = await api.Client.WalkAsync($"/collections/counties/items?{query}&zoom-level=8");
        var first = await api.Client.GetOkJsonAsync($"/collections/counties/items?{query}&zoom-level=8");
        var projected = await api.Client.GetAsync(new Uri($"/collections/counties/items?{query}&zoom-level=8&crs=http://www.opengis.net/def/crs/EPSG/0/4490", UriKind.Relative));
        var csv = await api.Client.GetStringAsync(new Uri($"/collections/counties/items?{query}&zoom-level=8&f=csv", UriKind.Relative));
        var csvFull = await api.Client.GetStringAsync(new Uri($"/collections/counties/items?{query}&f=csv", UriKind.Relative));
        var html = await api.Client.GetAsync(new Uri($"/collections/counties/items?{query}&zoom-level=8&f=html", UriKind.Relative));

        Assert.True(plain.Count > 2, "the query should take more than one page");
        Assert.Equal(plain, generalised);
        Assert.Contains("zoom-level=8", first.NextLink(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, projected.StatusCode);
        Assert.True(csv.Count(c => c == ',') * 4 < csvFull.Count(c => c == ','), "the CSV page's WKT is generalised too");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        // The HTML page's map data block holds the generalised shapes.
        Assert.True((await html.Content.ReadAsStringAsync()).Length * 2 <
            (await (await api.Client.GetAsync(new Uri($"/collections/counties/items?{query}&f=html", UriKind.Relative))).Content.ReadAsStringAsync()).Length);
    }

    [Fact]
    public async Task A_projected_crs_gets_the_generalised_shapes_transformed_with_the_same_vertex_count()
    {
        var lonLat = await api.Client.GetOkJsonAsync("/collections/counties/items?limit=100&zoom-level=7");
        var gaussKruger = await api.Client.GetOkJsonAsync("/collections/counties/items?limit=100&zoom-level=7&crs=http://www.opengis.net/def/crs/EPSG/0/4553");

        Assert.Equal(Vertices(lonLat), Vertices(gaussKruger));
    }

    private static int Vertices(System.Text.Json.JsonElement page) =>
        System.Text.RegularExpressions.Regex.Count(page.GetProperty("features").GetRawText(), @"\[-?[0-9.]+,-?[0-9.]+\]");

    [Fact]
    public async Task The_cache_keeps_each_zoom_level_apart_and_an_etag_of_one_zoom_is_not_a_304_at_another()
    {
        const string url = "/collections/rivers/items?limit=50&sortby=name_zh";
        var z7 = await api.Client.PageAsync(url + "&zoom-level=7");
        var z7Again = await api.Client.PageAsync(url + "&zoom-level=7");
        var z11 = await api.Client.PageAsync(url + "&zoom-level=11");
        var z11WithTagOf7 = await api.Client.PageAsync(url + "&zoom-level=11", ifNoneMatch: z7.ETag);
        var z7WithItsTag = await api.Client.PageAsync(url + "&zoom-level=7", ifNoneMatch: z7.ETag);

        Assert.Equal(("miss", "hit", "miss"), (z7.Cache, z7Again.Cache, z11.Cache));
        Assert.Equal(z7.Bytes, z7Again.Bytes);
        Assert.NotEqual(z7.Bytes, z11.Bytes);
        Assert.NotEqual(z7.ETag, z11.ETag);
        Assert.Equal(HttpStatusCode.OK, z11WithTagOf7.Status);
        Assert.Equal(z11.Bytes, z11WithTagOf7.Bytes);
        Assert.Equal(HttpStatusCode.NotModified, z7WithItsTag.Status);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("25")]
    [InlineData("8.5")]
    [InlineData("eight")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public async Task A_zoom_level_outside_0_to_24_is_a_problem_naming_zoom_level(string zoom)
    {
        var (response, body) = await api.Client.GetJsonAsync("/collections/counties/items?zoom-level=" + Uri.EscapeDataString(zoom));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("zoom-level", body.GetProperty("parameter").GetString());
        Assert.StartsWith($"zoom-level: '{zoom}' is not a whole number from 0 to 24", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_zoom_levels_are_a_problem_naming_zoom_level()
    {
        var (response, body) = await api.Client.GetJsonAsync("/collections/counties/items?zoom-level=8&zoom-level=9");

        Assert.Equal((HttpStatusCode.BadRequest, "zoom-level"), (response.StatusCode, body.GetProperty("parameter").GetString()));
    }

    [Theory]
    [InlineData("gpkg")]
    [InlineData("shp")]
    [InlineData("kml")]
    [InlineData("dxf")]
    public async Task A_file_export_keeps_every_vertex_so_zoom_level_with_it_is_a_problem(string format)
    {
        var (response, body) = await api.Client.GetJsonAsync($"/collections/counties/items?f={format}&zoom-level=8");

        Assert.Equal((HttpStatusCode.BadRequest, "zoom-level"), (response.StatusCode, body.GetProperty("parameter").GetString()));
        Assert.Contains($"f={format} is a file of every vertex", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generalised_pages_file_links_leave_zoom_level_out_so_each_file_is_made_with_every_vertex()
    {
        var page = await api.Client.GetOkJsonAsync("/collections/counties/items?zoom-level=8&limit=2");
        var files = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "alternate"
            && l.GetProperty("href").GetString()!.Contains("f=gpkg", StringComparison.Ordinal)).Select(l => l.GetProperty("href").GetString()!).ToList();

        var gpkg = Assert.Single(files);
        Assert.DoesNotContain("zoom-level", gpkg, StringComparison.Ordinal);
        using var head = await api.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(gpkg, UriKind.Absolute).PathAndQuery));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task The_api_definition_documents_zoom_level_as_a_spatial_extension_from_0_to_24()
    {
        var definition = await api.Client.GetOkJsonAsync("/api");
        var items = definition.GetProperty("paths").GetProperty("/collections/counties/items").GetProperty("get").GetProperty("parameters");
        var zoom = items.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "zoom-level");

        Assert.StartsWith("Spatial extension", zoom.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 24), (zoom.GetProperty("schema").GetProperty("minimum").GetInt32(), zoom.GetProperty("schema").GetProperty("maximum").GetInt32()));
    }
}
