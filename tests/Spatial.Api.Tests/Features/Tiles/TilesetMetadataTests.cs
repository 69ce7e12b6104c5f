using System.Net;
using System.Text.Json;
using Spatial.Api.Features.Tiles;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Tiles.TileCalls;

namespace Spatial.Api.Tests.Features.Tiles;

/// <summary>
/// The documents a tile client reads before the tiles — landing page links, /tileMatrixSets, tilesets lists,
/// tileset metadata and TileJSON — each followed to the tiles it promises.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class TilesetMetadataTests(ApiFixture api)
{
    private static string Href(JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == rel).GetProperty("href").GetString()!;

    [Fact]
    public async Task The_landing_page_and_every_collection_link_their_vector_tilesets()
    {
        var landing = await api.Client.GetOkJsonAsync("/");
        var collections = await api.Client.GetOkJsonAsync("/collections");

        Assert.Equal("http://localhost/tiles", Href(landing, "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"));
        Assert.Equal("http://localhost/tileMatrixSets", Href(landing, "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"));
        foreach (var collection in collections.GetProperty("collections").EnumerateArray())
        {
            var id = collection.GetProperty("id").GetString();
            var tilesets = Href(collection, "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
            Assert.Equal($"http://localhost/collections/{id}/tiles", tilesets);
            var list = await api.Client.GetOkJsonAsync(tilesets);
            var sets = list.GetProperty("tilesets").EnumerateArray().ToList();
            Assert.Equal(2, sets.Count);
            var (mercator, geographic) = (sets[0], sets[1]);
            Assert.Equal(("vector", "http://www.opengis.net/def/crs/EPSG/0/3857", "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"),
                (mercator.GetProperty("dataType").GetString(), mercator.GetProperty("crs").GetString(), mercator.GetProperty("tileMatrixSetURI").GetString()));
            Assert.Equal($"http://localhost/collections/{id}/tiles/WebMercatorQuad", Href(mercator, "self"));
            Assert.Equal("http://localhost/tileMatrixSets/WebMercatorQuad", Href(mercator, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"));
            // Not in OGC's register: its URI is its definition here.
            Assert.Equal(("vector", "http://www.opengis.net/def/crs/EPSG/0/4490", "http://localhost/tileMatrixSets/CGCS2000Quad"),
                (geographic.GetProperty("dataType").GetString(), geographic.GetProperty("crs").GetString(), geographic.GetProperty("tileMatrixSetURI").GetString()));
            Assert.Equal($"http://localhost/collections/{id}/tiles/CGCS2000Quad", Href(geographic, "self"));
            Assert.Equal("http://localhost/tileMatrixSets/CGCS2000Quad", Href(geographic, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"));
        }
    }

    [Fact]
    public async Task WebMercatorQuad_is_defined_with_the_scales_of_OGC_17_083r4()
    {
        var list = await api.Client.GetOkJsonAsync("/tileMatrixSets");
        var set = await api.Client.GetOkJsonAsync(Href(list.GetProperty("tileMatrixSets").EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == "WebMercatorQuad"), "self"));
        var matrices = set.GetProperty("tileMatrices").EnumerateArray().ToList();

        Assert.Equal(("WebMercatorQuad", "http://www.opengis.net/def/crs/EPSG/0/3857"), (set.GetProperty("id").GetString(), set.GetProperty("crs").GetString()));
        Assert.Equal(25, matrices.Count);
        Assert.Equal(559082264.028717, matrices[0].GetProperty("scaleDenominator").GetDouble(), 1e-5);
        Assert.Equal(156543.033928041, matrices[0].GetProperty("cellSize").GetDouble(), 1e-8);
        Assert.Equal(0.0093306919, matrices[24].GetProperty("cellSize").GetDouble(), 1e-9);
        Assert.Equal(1024, matrices[10].GetProperty("matrixWidth").GetInt64());
        Assert.Equal([-20037508.3427892, 20037508.3427892], matrices[10].GetProperty("pointOfOrigin").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 7)));
        Assert.All(matrices, m => Assert.Equal((256, "topLeft"), (m.GetProperty("tileWidth").GetInt32(), m.GetProperty("cornerOfOrigin").GetString())));
    }

    [Fact]
    public async Task The_tileset_links_its_tiles_by_template_and_its_tilejson_and_both_lead_to_the_same_tile()
    {
        var tileset = await api.Client.GetOkJsonAsync("/collections/projects/tiles/WebMercatorQuad");
        var item = tileset.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "item");
        var tileJson = await api.Client.GetOkJsonAsync(Href(tileset, "alternate"));
        var extent = (await api.Database.RowsAsync("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom)::geometry AS e FROM projects) x",
            r => new[] { r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3) }))[0];
        var tile = TileAddress.Of(8, (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2);

        Assert.True(item.GetProperty("templated").GetBoolean());
        Assert.Equal("application/vnd.mapbox-vector-tile", item.GetProperty("type").GetString());
        var fromTemplate = await api.Client.TileAsync(item.GetProperty("href").GetString()!.Replace("{tileMatrix}", $"{tile.Zoom}", StringComparison.Ordinal)
            .Replace("{tileRow}", $"{tile.Row}", StringComparison.Ordinal).Replace("{tileCol}", $"{tile.Column}", StringComparison.Ordinal));
        var fromTileJson = await api.Client.TileAsync(tileJson.GetProperty("tiles")[0].GetString()!.Replace("{z}", $"{tile.Zoom}", StringComparison.Ordinal)
            .Replace("{y}", $"{tile.Row}", StringComparison.Ordinal).Replace("{x}", $"{tile.Column}", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, fromTemplate.Status);
        Assert.Equal(fromTemplate.Bytes, fromTileJson.Bytes);
        Assert.Equal("http://localhost/collections/projects", Href(tileset, "http://www.opengis.net/def/rel/ogc/1.0/geodata"));
        var layer = Assert.Single(tileset.GetProperty("layers").EnumerateArray());
        Assert.Equal(("projects", 2), (layer.GetProperty("id").GetString(), layer.GetProperty("geometryDimension").GetInt32()));
        Assert.Equal(["id", .. TileLayers.Find("projects")!.Attributes.Select(a => a.Name)],
            layer.GetProperty("propertiesSchema").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(extent[0], tileset.GetProperty("boundingBox").GetProperty("lowerLeft")[0].GetDouble(), 1e-6);
        Assert.Equal(extent[3], tileset.GetProperty("boundingBox").GetProperty("upperRight")[1].GetDouble(), 1e-6);

        Assert.Equal(("3.0.0", "xyz", 0, 24), (tileJson.GetProperty("tilejson").GetString(), tileJson.GetProperty("scheme").GetString(),
            tileJson.GetProperty("minzoom").GetInt32(), tileJson.GetProperty("maxzoom").GetInt32()));
        Assert.Equal(extent.Select(v => Math.Round(v, 6)), tileJson.GetProperty("bounds").EnumerateArray().Select(v => v.GetDouble()));
        var vectorLayer = Assert.Single(tileJson.GetProperty("vector_layers").EnumerateArray());
        Assert.Equal("projects", vectorLayer.GetProperty("id").GetString());
        Assert.Equal(["id", "name_zh", "name_en", "sector", "status", "geometry_source"], vectorLayer.GetProperty("fields").EnumerateObject().Select(f => f.Name));
        Assert.EndsWith($"(name_zh, name_en: 第 {TileLayers.Find("projects")!.NamesFromZoom} 级起 from zoom {TileLayers.Find("projects")!.NamesFromZoom})",
            vectorLayer.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tileset_of_several_collections_carries_collections_in_its_links_and_names_a_layer_for_each()
    {
        var list = await api.Client.GetOkJsonAsync("/tiles");
        var tileset = await api.Client.GetOkJsonAsync(Href(list.GetProperty("tilesets")[0], "self") + "?collections=projects,counties");
        var tileJson = await api.Client.GetOkJsonAsync(Href(tileset, "alternate"));

        Assert.Equal(["counties", "projects"], tileset.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["counties", "projects"], tileJson.GetProperty("vector_layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        var template = tileJson.GetProperty("tiles")[0].GetString()!;
        Assert.Equal("http://localhost/tiles/WebMercatorQuad/{z}/{y}/{x}?collections=counties,projects", template);
        var tile = await api.Client.TileAsync(template.Replace("{z}/{y}/{x}", TileAddress.Of(5, 131.5, 45.5).ToString(), StringComparison.Ordinal));
        Assert.Equal(["counties", "projects"], tile.Layers.Select(l => l.Name));
    }

    [Fact]
    public async Task A_tileset_document_has_an_etag_from_its_layers_versions_and_answers_304_when_current()
    {
        using var first = await api.Client.GetAsync(new Uri("/collections/projects/tiles/WebMercatorQuad", UriKind.Relative));
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/collections/projects/tiles/WebMercatorQuad", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await api.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }
}
