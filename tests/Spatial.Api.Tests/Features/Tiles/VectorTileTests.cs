using System.Globalization;
using System.Net;
using Npgsql;
using Spatial.Api.Features.Tiles;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Tiles.TileCalls;

namespace Spatial.Api.Tests.Features.Tiles;

/// <summary>
/// The vector tiles of the shared gisdata/ database, decoded as a client decodes them and compared with the rows
/// PostGIS holds: layers, attributes, where the geometry lands in the tile, simplification, and the index.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class VectorTileTests(ApiFixture api)
{
    private sealed record StoredProject(string Id, string NameZh, string? NameEn, string Sector, string Status, string GeometrySource,
        double West, double South, double East, double North);

    /// <summary>
    /// The largest stored project outline that one tile of zoom <paramref name="fromZoom"/> or deeper holds whole, and
    /// the deepest zoom whose one tile holds it.
    /// </summary>
    private async Task<(StoredProject Project, TileAddress Tile)> LargestProjectAsync(int fromZoom = 0)
    {
        var projects = await api.Database.RowsAsync("""
            SELECT id, name_zh, name_en, sector, status, geometry_source, ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
            FROM projects WHERE geom IS NOT NULL ORDER BY area_m2 DESC, id LIMIT 50
            """, r => new StoredProject(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetString(5), r.GetDouble(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9)));
        foreach (var project in projects)
        {
            for (var zoom = 16; zoom >= fromZoom; zoom--)
            {
                var tile = TileAddress.Of(zoom, project.West, project.North);
                if (tile == TileAddress.Of(zoom, project.East, project.South)) return (project, tile);
            }
        }
        throw new Xunit.Sdk.XunitException($"no project of the 50 largest fits in one tile of zoom {fromZoom}");
    }

    private static int NamesFromZoom => TileLayers.Find("projects")!.NamesFromZoom;

    [Fact]
    public async Task A_project_tile_has_the_project_with_its_attributes_and_its_outline_where_the_lon_lat_of_its_corners_fall()
    {
        var (project, tile) = await LargestProjectAsync(NamesFromZoom);

        var answer = await api.Client.TileAsync(CollectionTile("projects", tile));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/vnd.mapbox-vector-tile", answer.ContentType);
        var layer = Assert.Single(answer.Layers);
        Assert.Equal(("projects", 2, 4096), (layer.Name, layer.Version, layer.Extent));
        var feature = answer.Feature("projects", project.Id) ?? throw new Xunit.Sdk.XunitException($"{project.Id} is not in tile {tile}");
        Assert.Equal(MvtGeometryType.Polygon, feature.Type);
        var expected = new Dictionary<string, object>
        {
            ["id"] = project.Id, ["name_zh"] = project.NameZh, ["sector"] = project.Sector, ["status"] = project.Status,
            ["geometry_source"] = project.GeometrySource,
        };
        if (project.NameEn is not null) expected["name_en"] = project.NameEn;
        Assert.Equal(expected.OrderBy(a => a.Key), feature.Attributes.OrderBy(a => a.Key));
        var (west, north) = tile.InTile(project.West, project.North);
        var (east, south) = tile.InTile(project.East, project.South);
        // Simplified by half a pixel (8 units) and snapped to the grid: the corners stay within 10 units.
        Assert.InRange(feature.Points.Min(p => p.X), west - 10, west + 10);
        Assert.InRange(feature.Points.Max(p => p.X), east - 10, east + 10);
        Assert.InRange(feature.Points.Min(p => p.Y), north - 10, north + 10);
        Assert.InRange(feature.Points.Max(p => p.Y), south - 10, south + 10);
    }

    [Fact]
    public async Task A_project_carries_its_names_from_zoom_11_and_below_it_only_what_draws_it()
    {
        var (project, _) = await LargestProjectAsync(NamesFromZoom);
        var (lon, lat) = ((project.West + project.East) / 2, (project.South + project.North) / 2);

        var at10 = (await api.Client.TileAsync(CollectionTile("projects", TileAddress.Of(10, lon, lat)))).Feature("projects", project.Id);
        var at11 = (await api.Client.TileAsync(CollectionTile("projects", TileAddress.Of(11, lon, lat)))).Feature("projects", project.Id);
        var county = (await api.Client.TileAsync(CollectionTile("counties", TileAddress.Of(5, lon, lat)))).Layer("counties");

        Assert.NotNull(at10);
        Assert.Equal(["geometry_source", "id", "sector", "status"], at10.Attributes.Keys.Order());
        Assert.Equal(project.Sector, at10.Attributes["sector"]);
        Assert.Equal(project.Status, at10.Attributes["status"]);
        Assert.NotNull(at11);
        Assert.Equal(project.NameZh, at11.Attributes["name_zh"]);
        Assert.All(county.Features, f => Assert.Contains("name_zh", f.Attributes.Keys));
    }

    [Theory]
    [InlineData("counties", "Polygon", new[] { "id", "name_zh", "name_en", "geometry_source" })]
    [InlineData("rivers", "LineString", new[] { "id", "name_zh", "name_en", "border_river", "geometry_source" })]
    [InlineData("planting-zones", "Polygon", new[] { "id", "name_zh", "name_en", "category", "geometry_source" })]
    [InlineData("enterprises", "Point", new[] { "id", "name_zh", "name_en", "sector", "geometry_source" })]
    public async Task Each_collection_is_a_layer_named_by_its_id_with_its_attributes(string collection, string type, string[] attributes)
    {
        var plan = TileAddress.Of(5, 131.5, 45.5);

        var layer = (await api.Client.TileAsync(CollectionTile(collection, plan))).Layer(collection);

        Assert.NotEmpty(layer.Features);
        Assert.All(layer.Features, f => Assert.Equal(type, f.Type.ToString()));
        Assert.All(layer.Features, f => Assert.Subset(attributes.ToHashSet(), f.Attributes.Keys.ToHashSet()));
        Assert.Equal(attributes.Order(), layer.Features.SelectMany(f => f.Attributes.Keys).Distinct().Order());
    }

    [Fact]
    public async Task Tiles_of_several_collections_have_a_layer_each_in_the_catalogs_order_whatever_the_order_asked()
    {
        var plan = TileAddress.Of(5, 131.5, 45.5);

        var asked = await api.Client.TileAsync(DatasetTile(plan, "projects,planting-zones"));
        var byUrl = await api.Client.TileAsync(DatasetTile(plan, "http://localhost/collections/planting-zones,projects"));
        var every = await api.Client.TileAsync(DatasetTile(plan));

        Assert.Equal(["planting-zones", "projects"], asked.Layers.Select(l => l.Name));
        Assert.Equal(asked.Bytes, byUrl.Bytes);
        Assert.Equal(TileLayers.All.Select(l => l.Name), every.Layers.Select(l => l.Name));
        var alone = (await api.Client.TileAsync(CollectionTile("projects", plan))).Layer("projects");
        Assert.Equal(alone.Features.Select(f => f.Id), every.Layer("projects").Features.Select(f => f.Id));
    }

    [Fact]
    public async Task A_tile_of_several_collections_is_their_own_tiles_joined_and_each_layer_is_made_once_for_both()
    {
        // A tile no other test asks for: zoom 6 over the plan.
        var plan = TileAddress.Of(6, 131.5, 45.5);

        var zones = await api.Client.TileAsync(CollectionTile("planting-zones", plan));
        var both = await api.Client.TileAsync(DatasetTile(plan, "planting-zones,projects"));
        var projects = await api.Client.TileAsync(CollectionTile("projects", plan));
        var again = await api.Client.TileAsync(DatasetTile(plan, "projects,planting-zones"));
        var revalidated = await api.Client.TileAsync(DatasetTile(plan, "planting-zones,projects"), ifNoneMatch: both.ETag);

        // The projects' layer was made with the pair and kept on its own: their own tile comes from the cache.
        Assert.Equal("hit", projects.Cache);
        Assert.Equal("hit", again.Cache);
        Assert.Equal([.. zones.Bytes, .. projects.Bytes], both.Bytes);
        Assert.Equal(["planting-zones", "projects"], both.Layers.Select(l => l.Name));
        Assert.Equal(both.ETag, again.ETag);
        Assert.NotEqual(zones.ETag, both.ETag);
        Assert.NotEqual(projects.ETag, both.ETag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
    }

    [Fact]
    public async Task A_tile_with_nothing_in_it_is_204_with_an_etag()
    {
        var gulfOfGuinea = TileAddress.Of(10, 0.5, 0.5);

        var answer = await api.Client.TileAsync(DatasetTile(gulfOfGuinea));

        Assert.Equal(HttpStatusCode.NoContent, answer.Status);
        Assert.Empty(answer.Bytes);
        Assert.NotNull(answer.ETag);
    }

    [Fact]
    public async Task A_tile_has_a_strong_etag_no_cache_and_comes_from_the_cache_the_second_time_and_304_when_the_client_has_it()
    {
        var (_, tile) = await LargestProjectAsync();
        var url = CollectionTile("planting-zones", tile with { Zoom = tile.Zoom - 2, Row = tile.Row / 4, Column = tile.Column / 4 });

        var first = await api.Client.TileAsync(url);
        var second = await api.Client.TileAsync(url);
        var revalidated = await api.Client.TileAsync(url, ifNoneMatch: second.ETag);

        Assert.Contains(first.Status, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent });
        Assert.Equal("hit", second.Cache);
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(first.Bytes, second.Bytes);
        Assert.StartsWith("\"", second.ETag, StringComparison.Ordinal);
        Assert.Equal("no-cache", second.CacheControl);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
        Assert.Equal(second.ETag, revalidated.ETag);
        Assert.Empty(revalidated.Bytes);
    }

    [Fact]
    public async Task A_county_outline_is_simplified_by_zoom_beyond_the_tile_grid()
    {
        var seat = (await api.Database.RowsAsync("SELECT ST_X(seat), ST_Y(seat) FROM counties WHERE code = '230382'", r => (r.GetDouble(0), r.GetDouble(1))))[0];
        var tile = TileAddress.Of(8, seat.Item1, seat.Item2);
        var unsimplified = await api.Database.ScalarAsync<int>("""
            SELECT ST_NPoints(ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true))
            FROM counties WHERE code = '230382'
            """, tile.Zoom, (int)tile.Column, (int)tile.Row);

        var county = (await api.Client.TileAsync(CollectionTile("counties", tile))).Feature("counties", "230382")!;

        Assert.InRange(county.Points.Count(), 4, unsimplified * 3 / 4);
    }

    [Fact]
    public async Task A_one_hectare_ellipse_smaller_than_the_tolerance_is_still_in_its_overview_tile()
    {
        // A synthetic project of bench/load (SYN-0048269, 0.92 ha, 24 segments): simplified by half a zoom-8 pixel
        // (306 m) it kept only a sliver of its first vertices, which the tile's grid flattened and ST_AsMVTGeom dropped.
        const string Ellipse = "MULTIPOLYGON(((131.2458054 44.9614597,131.2458269 44.9613746,131.2457833 44.9612719,131.2456777 44.9611584,"
            + "131.245517 44.961042,131.2453124 44.9609305,131.2450778 44.9608316,131.2448291 44.960752,131.2445833 44.9606971,131.2443572 44.9606706,"
            + "131.2441661 44.9606745,131.2440231 44.9607083,131.243938 44.9607699,131.2439164 44.9608549,131.24396 44.9609577,131.2440657 44.9610711,"
            + "131.2442263 44.9611876,131.2444309 44.961299,131.2446655 44.9613979,131.2449142 44.9614776,131.24516 44.9615325,131.2453861 44.9615589,"
            + "131.2455772 44.961555,131.2457202 44.9615212,131.2458054 44.9614597)))";
        var tile = TileAddress.Of(8, 131.2449, 44.9611);
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var reshape = new NpgsqlCommand("UPDATE projects SET geom = ST_GeomFromText($1, 4490) WHERE id = 'JX-01'", connection, transaction)
                     { Parameters = { new() { Value = Ellipse } } })
            Assert.Equal(1, await reshape.ExecuteNonQueryAsync());
        await using var make = new NpgsqlCommand(TilesSql.Build(TileMatrixSet.WebMercatorQuad, [TileLayers.Find("projects")!], tile.Zoom), connection, transaction);
        foreach (var value in new object[] { tile.Zoom, (int)tile.Row, (int)tile.Column, TileAddress.TileWidth(tile.Zoom) / 512 })
            make.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await make.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var layer = MvtTile.Decode(reader.GetFieldValue<byte[][]>(1)[0]).Single(l => l.Name == "projects");

        var ellipse = layer.Features.SingleOrDefault(f => f.Id == "JX-01") ?? throw new Xunit.Sdk.XunitException($"JX-01 is not in tile {tile}");
        var (x, y) = tile.InTile(131.24487, 44.96111);
        Assert.Equal(MvtGeometryType.Polygon, ellipse.Type);
        Assert.InRange(x, ellipse.Points.Min(p => p.X), ellipse.Points.Max(p => p.X));
        Assert.InRange(y, ellipse.Points.Min(p => p.Y), ellipse.Points.Max(p => p.Y));
    }

    [Fact]
    public async Task A_web_mercator_tile_is_searched_through_the_gist_index_of_the_layers_web_mercator_copy()
    {
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        await using (var noSeqScan = new NpgsqlCommand("SET enable_seqscan = off", connection)) await noSeqScan.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + TilesSql.Build(TileMatrixSet.WebMercatorQuad, [TileLayers.Find("projects")!], 12), connection);
        foreach (var value in new object[] { 12, 1450, 3540, 4.0 }) explain.Parameters.Add(new NpgsqlParameter { Value = value });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        Assert.Contains(plan, line => line.Contains("projects_geom_wm_idx", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("ST_Transform", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Each_feature_is_simplified_and_clipped_once_not_again_in_a_filter_of_the_scan()
    {
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + TilesSql.Build(TileMatrixSet.WebMercatorQuad, [TileLayers.Find("projects")!], 10), connection);
        foreach (var value in new object[] { 10, 362, 885, 76.4 }) explain.Parameters.Add(new NpgsqlParameter { Value = value });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        Assert.Contains(plan, line => line.Contains("Scan", StringComparison.Ordinal) && line.Contains("projects", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("st_asmvtgeom", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_web_mercator_copy_follows_a_write_and_is_no_attribute_in_the_history()
    {
        var (project, _) = await LargestProjectAsync();
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var move = new NpgsqlCommand("UPDATE projects SET geom = ST_Translate(geom, 0.001, 0) WHERE id = $1", connection, transaction)
                     { Parameters = { new() { Value = project.Id } } })
            Assert.Equal(1, await move.ExecuteNonQueryAsync());
        await using var read = new NpgsqlCommand("""
            SELECT ST_XMin(geom_wm) - ST_XMin(ST_Transform(geom, 3857)),
                   (SELECT after_attributes ? 'geom_wm' OR before_attributes ? 'geom_wm' FROM feature_history
                    WHERE layer = 'projects' AND feature_id = $1 ORDER BY version DESC LIMIT 1)
            FROM projects WHERE id = $1
            """, connection, transaction) { Parameters = { new() { Value = project.Id } } };
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetDouble(0));
        Assert.False(reader.GetBoolean(1));
    }

    [Fact]
    public async Task Ogrinfo_reads_a_tile_with_gdals_mvt_driver_and_finds_the_project_where_it_is()
    {
        var (project, tile) = await LargestProjectAsync(NamesFromZoom);
        var bytes = (await api.Client.TileAsync(CollectionTile("projects", tile))).Bytes;
        var file = Path.Combine(Path.GetTempPath(), $"spatial-tile-{Guid.NewGuid():N}.mvt");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            var info = await ExternalTool.RunAsync("ogrinfo", "-ro", "-al", "-oo", $"Z={tile.Zoom}", "-oo", $"X={tile.Column}", "-oo", $"Y={tile.Row}", file);

            Assert.Contains("Layer name: projects", info, StringComparison.Ordinal);
            Assert.Contains($"name_zh (String) = {project.NameZh}", info, StringComparison.Ordinal);
            Assert.Contains($"sector (String) = {project.Sector}", info, StringComparison.Ordinal);
            // ogrinfo prints every feature of the tile: find the project and read its geometry (EPSG:3857 metres).
            var at = info.IndexOf($"id (String) = {project.Id}", StringComparison.Ordinal);
            Assert.True(at >= 0, info);
            var geometry = System.Text.RegularExpressions.Regex.Match(info[at..], @"(MULTI)?POLYGON \(\((.*?)\)\)");
            Assert.True(geometry.Success, info[at..]);
            var coordinates = System.Text.RegularExpressions.Regex.Matches(geometry.Value, @"(-?[\d.]+) (-?[\d.]+)")
                .Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Y: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
                .ToList();
            var (x, y) = TileAddress.Mercator((project.West + project.East) / 2, (project.South + project.North) / 2);
            Assert.InRange(x, coordinates.Min(c => c.X), coordinates.Max(c => c.X));
            Assert.InRange(y, coordinates.Min(c => c.Y), coordinates.Max(c => c.Y));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
