using System.Net;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Features.Tiles;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Tiles.TileCalls;

namespace Spatial.Api.Tests.Features.Tiles;

/// <summary>
/// CGCS2000Quad, WorldCRS84Quad's layout on EPSG:4490: its definition, its tilesets, and its tiles decoded and mapped
/// back to the lon/lat PostGIS holds.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class Cgcs2000QuadTests(ApiFixture api)
{
    private sealed record StoredProject(string Id, string NameZh, string Sector, double West, double South, double East, double North);

    private static string Href(JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == rel).GetProperty("href").GetString()!;

    /// <summary>The largest stored project outline, and the deepest tile of zoom <paramref name="fromZoom"/> or deeper that holds it whole.</summary>
    private async Task<(StoredProject Project, GeographicTileAddress Tile)> LargestProjectAsync(int fromZoom)
    {
        var projects = await api.Database.RowsAsync("""
            SELECT id, name_zh, sector, ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
            FROM projects WHERE geom IS NOT NULL ORDER BY area_m2 DESC, id LIMIT 50
            """, r => new StoredProject(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6)));
        foreach (var project in projects)
            for (var zoom = 15; zoom >= fromZoom; zoom--)
            {
                var tile = GeographicTileAddress.Of(zoom, project.West, project.North);
                if (tile == GeographicTileAddress.Of(zoom, project.East, project.South)) return (project, tile);
            }
        throw new Xunit.Sdk.XunitException($"no project of the 50 largest fits in one tile of zoom {fromZoom}");
    }

    [Fact]
    public async Task Tile_matrix_sets_lists_both_and_CGCS2000Quad_is_WorldCRS84Quads_layout_on_EPSG_4490_in_its_axis_order()
    {
        var list = await api.Client.GetOkJsonAsync("/tileMatrixSets");
        var summary = list.GetProperty("tileMatrixSets").EnumerateArray().ToList();
        var set = await api.Client.GetOkJsonAsync(Href(summary[1], "self"));
        var matrices = set.GetProperty("tileMatrices").EnumerateArray().ToList();

        Assert.Equal(["WebMercatorQuad", "CGCS2000Quad"], summary.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(("CGCS2000Quad", "http://www.opengis.net/def/crs/EPSG/0/4490"), (set.GetProperty("id").GetString(), set.GetProperty("crs").GetString()));
        Assert.Contains("WorldCRS84Quad", set.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(set.TryGetProperty("uri", out _));
        Assert.False(set.TryGetProperty("wellKnownScaleSet", out _));
        Assert.Equal(["Lat", "Lon"], set.GetProperty("orderedAxes").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal([-90.0, -180.0], set.GetProperty("boundingBox").GetProperty("lowerLeft").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([90.0, 180.0], set.GetProperty("boundingBox").GetProperty("upperRight").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(24, matrices.Count);
        // OGC 17-083r4 Annex D.2 (WorldCRS84Quad): the same cells and scales, the ellipsoids' equators being the same.
        Assert.Equal((2, 1), (matrices[0].GetProperty("matrixWidth").GetInt64(), matrices[0].GetProperty("matrixHeight").GetInt64()));
        Assert.Equal(0.703125, matrices[0].GetProperty("cellSize").GetDouble());
        Assert.Equal(279541132.014358, matrices[0].GetProperty("scaleDenominator").GetDouble(), 1e-5);
        Assert.Equal(33.3238997476528, matrices[23].GetProperty("scaleDenominator").GetDouble(), 1e-9);
        Assert.Equal((2048, 1024), (matrices[10].GetProperty("matrixWidth").GetInt64(), matrices[10].GetProperty("matrixHeight").GetInt64()));
        Assert.All(matrices, m => Assert.Equal([90.0, -180.0], m.GetProperty("pointOfOrigin").EnumerateArray().Select(v => v.GetDouble())));
        Assert.All(matrices, m => Assert.Equal((256, 256, "topLeft"),
            (m.GetProperty("tileWidth").GetInt32(), m.GetProperty("tileHeight").GetInt32(), m.GetProperty("cornerOfOrigin").GetString())));
    }

    [Theory]
    [InlineData(0, 0, 1, 0, 180, -90, 90)]
    [InlineData(2, 3, 0, -180, -135, -90, -45)]
    [InlineData(9, 126, 887, 131.8359375, 132.1875, 45.3515625, 45.703125)]
    public async Task PostGIS_cuts_the_tiles_of_the_definition_from_the_360_degree_square_one_zoom_deeper(
        int zoom, int row, int column, double west, double east, double south, double north)
    {
        var box = (await api.Database.RowsAsync($"""
            SELECT ST_XMin(e), ST_XMax(e), ST_YMin(e), ST_YMax(e), ST_SRID(e)
            FROM {TileMatrixSet.Cgcs2000Quad.EnvelopeSql(margin: null)} e
            """, r => (r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetInt32(4)), zoom, row, column))[0];

        Assert.Equal((west, east, south, north, 4490), box);
    }

    [Fact]
    public async Task A_project_tile_decodes_to_the_project_whose_outline_maps_back_to_its_lon_lat_within_a_pixel()
    {
        var (project, tile) = await LargestProjectAsync(fromZoom: TileMatrixSet.Cgcs2000Quad.ZoomOf(TileLayers.Find("projects")!.NamesFromZoom));

        var answer = await api.Client.TileAsync(CollectionTile("projects", tile));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/vnd.mapbox-vector-tile", answer.ContentType);
        var layer = Assert.Single(answer.Layers);
        Assert.Equal(("projects", 4096), (layer.Name, layer.Extent));
        var feature = answer.Feature("projects", project.Id) ?? throw new Xunit.Sdk.XunitException($"{project.Id} is not in tile {tile}");
        Assert.Equal(MvtGeometryType.Polygon, feature.Type);
        Assert.Equal((project.NameZh, project.Sector), (feature.Attributes["name_zh"], feature.Attributes["sector"]));
        var corners = feature.Points.Select(p => tile.LonLat(p.X, p.Y)).ToList();
        var pixel = GeographicTileAddress.TileWidth(tile.Zoom) / 256;
        Assert.InRange(corners.Min(c => c.Longitude), project.West - pixel, project.West + pixel);
        Assert.InRange(corners.Max(c => c.Longitude), project.East - pixel, project.East + pixel);
        Assert.InRange(corners.Min(c => c.Latitude), project.South - pixel, project.South + pixel);
        Assert.InRange(corners.Max(c => c.Latitude), project.North - pixel, project.North + pixel);
    }

    [Fact]
    public async Task A_project_carries_its_names_from_the_zoom_as_fine_as_web_mercators_11_and_the_tileset_says_which()
    {
        var from = TileMatrixSet.Cgcs2000Quad.ZoomOf(TileLayers.Find("projects")!.NamesFromZoom);
        var (project, _) = await LargestProjectAsync(from);
        var (lon, lat) = ((project.West + project.East) / 2, (project.South + project.North) / 2);

        var before = (await api.Client.TileAsync(CollectionTile("projects", GeographicTileAddress.Of(from - 1, lon, lat)))).Feature("projects", project.Id);
        var at = (await api.Client.TileAsync(CollectionTile("projects", GeographicTileAddress.Of(from, lon, lat)))).Feature("projects", project.Id);
        var tileset = await api.Client.GetOkJsonAsync("/collections/projects/tiles/CGCS2000Quad");

        Assert.Equal(10, from);
        Assert.NotNull(before);
        Assert.DoesNotContain("name_zh", before.Attributes.Keys);
        Assert.NotNull(at);
        Assert.Equal(project.NameZh, at.Attributes["name_zh"]);
        Assert.Contains("tile matrix 10 on", tileset.GetProperty("layers")[0].GetProperty("propertiesSchema").GetProperty("properties")
            .GetProperty("name_zh").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tiles_of_several_collections_have_a_layer_each_with_the_features_of_each_collections_own_tile()
    {
        var plan = GeographicTileAddress.Of(4, 131.5, 45.5);

        var both = await api.Client.TileAsync(DatasetTile(plan, "projects,planting-zones"));
        var alone = (await api.Client.TileAsync(CollectionTile("projects", plan))).Layer("projects");

        Assert.Equal(HttpStatusCode.OK, both.Status);
        Assert.Equal(["planting-zones", "projects"], both.Layers.Select(l => l.Name));
        Assert.NotEmpty(alone.Features);
        Assert.Equal(alone.Features.Select(f => f.Id), both.Layer("projects").Features.Select(f => f.Id));
    }

    [Fact]
    public async Task A_tile_with_nothing_in_it_is_204_and_a_tile_is_cached_with_a_strong_etag_and_304_when_the_client_has_it()
    {
        var gulfOfGuinea = GeographicTileAddress.Of(9, 0.5, 0.5);
        var plan = CollectionTile("planting-zones", GeographicTileAddress.Of(6, 131.5, 45.5));

        var empty = await api.Client.TileAsync(DatasetTile(gulfOfGuinea));
        var first = await api.Client.TileAsync(plan);
        var second = await api.Client.TileAsync(plan);
        var revalidated = await api.Client.TileAsync(plan, ifNoneMatch: second.ETag);
        // The address of a cached WebMercatorQuad tile over the zones is, in CGCS2000Quad, the empty Atlantic: another key.
        var mercatorTile = TileAddress.Of(6, 131.5, 45.5);
        await api.Client.TileAsync(CollectionTile("planting-zones", mercatorTile));
        var mercator = await api.Client.TileAsync(CollectionTile("planting-zones", mercatorTile));
        var sameAddress = await api.Client.TileAsync(CollectionTile("planting-zones", new GeographicTileAddress(mercatorTile.Zoom, mercatorTile.Row, mercatorTile.Column)));

        Assert.Equal(HttpStatusCode.NoContent, empty.Status);
        Assert.Empty(empty.Bytes);
        Assert.NotNull(empty.ETag);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(("hit", first.ETag, "no-cache"), (second.Cache, second.ETag, second.CacheControl));
        Assert.Equal(first.Bytes, second.Bytes);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
        Assert.Equal((HttpStatusCode.OK, "hit"), (mercator.Status, mercator.Cache));
        Assert.Equal((HttpStatusCode.NoContent, "miss"), (sameAddress.Status, sameAddress.Cache));
        Assert.NotEqual(first.ETag, mercator.ETag);
    }

    [Theory]
    [InlineData("/collections/projects/tiles/CGCS2000Quad/24/0/0", 404, "tileMatrix", "CGCS2000Quad has tile matrices 0 to 23, not 24")]
    [InlineData("/collections/projects/tiles/CGCS2000Quad/3/8/0", 404, "tileRow", "8 is outside tile matrix 3, whose rows are 0 to 7")]
    [InlineData("/collections/projects/tiles/CGCS2000Quad/3/0/16", 404, "tileCol", "16 is outside tile matrix 3, whose columns are 0 to 15")]
    [InlineData("/tiles/CGCS2000Quad/0/1/0?collections=projects", 404, "tileRow", "1 is outside tile matrix 0, whose rows are 0 to 0")]
    [InlineData("/tiles/CGCS2000Quad/0/0/2", 404, "tileCol", "2 is outside tile matrix 0, whose columns are 0 to 1")]
    [InlineData("/collections/projects/tiles/CGCS2000Quad?f=tilejson", 400, "f", "TileJSON describes Web Mercator tiles only")]
    [InlineData("/tiles/CGCS2000Quad?f=tilejson", 400, "f", "TileJSON describes Web Mercator tiles only")]
    [InlineData("/tileMatrixSets/cgcs2000quad", 404, "tileMatrixSetId", "use WebMercatorQuad, CGCS2000Quad")]
    public async Task A_tile_outside_the_sets_matrices_or_tilejson_of_it_is_a_problem_naming_the_parameter(string url, int status, string parameter, string reason)
    {
        var (response, problem) = await api.Client.GetJsonAsync(url);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(3, 7, 15)]
    [InlineData(23, 8_388_607, 16_777_215)]
    public async Task The_last_row_and_column_of_a_matrix_answer(int zoom, long row, long column)
    {
        using var response = await api.Client.GetAsync(new Uri($"/tiles/CGCS2000Quad/{zoom}/{row}/{column}", UriKind.Relative));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent });
    }

    [Fact]
    public async Task The_tileset_links_its_tiles_and_its_set_but_no_tilejson_and_says_why()
    {
        var tileset = await api.Client.GetOkJsonAsync("/collections/projects/tiles/CGCS2000Quad");
        var template = Href(tileset, "item");
        var tile = GeographicTileAddress.Of(6, 131.5, 45.5);

        Assert.Equal(("http://www.opengis.net/def/crs/EPSG/0/4490", "http://localhost/tileMatrixSets/CGCS2000Quad"),
            (tileset.GetProperty("crs").GetString(), tileset.GetProperty("tileMatrixSetURI").GetString()));
        Assert.DoesNotContain(tileset.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "alternate");
        Assert.Contains("TileJSON describes Web Mercator tiles only", tileset.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("http://localhost/tileMatrixSets/CGCS2000Quad", Href(tileset, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"));
        Assert.Equal("http://localhost/collections/projects/tiles/CGCS2000Quad/{tileMatrix}/{tileRow}/{tileCol}", template);
        Assert.Equal(("23", "7"), (tileset.GetProperty("layers")[0].GetProperty("maxTileMatrix").GetString(),
            tileset.GetProperty("centerPoint").GetProperty("tileMatrix").GetString()));
        var fromTemplate = await api.Client.TileAsync(template.Replace("{tileMatrix}/{tileRow}/{tileCol}", tile.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, fromTemplate.Status);
    }

    [Fact]
    public async Task A_geographic_tile_is_searched_through_the_gist_index_of_the_stored_geometry_untransformed()
    {
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        await using (var noSeqScan = new NpgsqlCommand("SET enable_seqscan = off", connection)) await noSeqScan.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + TilesSql.Build(TileMatrixSet.Cgcs2000Quad, [TileLayers.Find("projects")!], 11), connection);
        foreach (var value in new object[] { 11, 505, 3547, GeographicTileAddress.TileWidth(11) / 512 }) explain.Parameters.Add(new NpgsqlParameter { Value = value });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        Assert.Contains(plan, line => line.Contains("projects_geom_idx", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("geom_wm", StringComparison.Ordinal) || line.Contains("ST_Transform", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_api_definition_offers_both_sets_for_every_tile_path()
    {
        var definition = await api.Client.GetOkJsonAsync("/api");
        var tilePaths = definition.GetProperty("paths").EnumerateObject().Where(p => p.Name.Contains("{tileMatrixSetId}", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(tilePaths);
        foreach (var path in tilePaths)
        {
            var parameter = path.Value.GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "tileMatrixSetId");
            Assert.Equal(["WebMercatorQuad", "CGCS2000Quad"], parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        }
    }
}
