using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>Where a client finds the exports: alternate links of an items page, enclosures of a collection, the API definition.</summary>
[Collection(ApiTests.Name)]
public sealed class ExportLinksTests(ApiFixture api)
{
    private static readonly Dictionary<string, string> Types = new()
    {
        ["gpkg"] = "application/geopackage+sqlite3", ["shp"] = "application/zip", ["kml"] = "application/vnd.google-earth.kml+xml", ["dxf"] = "image/vnd.dxf",
    };

    private static List<(string Rel, string Type, Uri Href)> Links(JsonElement body) =>
        body.GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("rel").GetString()!, l.GetProperty("type").GetString()!, new Uri(l.GetProperty("href").GetString()!))).ToList();

    private static Dictionary<string, string> Query(Uri href) =>
        QueryHelpers.ParseQuery(href.Query).ToDictionary(q => q.Key, q => q.Value.ToString());

    [Fact]
    public async Task An_items_page_links_every_export_of_its_filter_with_its_type_without_paging_and_with_a_crs_the_format_can_hold()
    {
        var filter = Uri.EscapeDataString("name_zh LIKE '%项目%'");
        var page = await api.Client.GetOkJsonAsync($"/collections/projects/items?filter={filter}&county_code=230382&limit=2&crs=EPSG:4490");
        var exports = Links(page).Where(l => l.Rel == "alternate" && l.Type is not ("text/csv" or "text/html")).ToList();

        Assert.Equal(Types.Values.Order(StringComparer.Ordinal), exports.Select(l => l.Type).Order(StringComparer.Ordinal));
        foreach (var (_, type, href) in exports)
        {
            var query = Query(href);
            var f = query["f"];
            Assert.Equal(Types[f], type);
            Assert.Equal("/collections/projects/items", href.AbsolutePath);
            Assert.Equal("name_zh LIKE '%项目%'", query["filter"]);
            Assert.Equal("230382", query["county_code"]);
            Assert.False(query.ContainsKey("limit"), $"{f}: a file holds every matching feature");
            Assert.False(query.ContainsKey("cursor"));
            Assert.Equal(f is "gpkg" or "shp" ? "EPSG:4490" : null, query.GetValueOrDefault("crs"));
        }

        // The GeoPackage behind the link holds what every page together holds.
        var pages = await api.Client.WalkAsync($"/collections/projects/items?filter={filter}&county_code=230382&limit=2");
        using var downloads = new Downloads();
        var gpkg = exports.Single(l => l.Type == Types["gpkg"]).Href;
        var (_, path) = await api.Client.DownloadAsync(gpkg.PathAndQuery, downloads, "linked.gpkg");
        Assert.True(pages.Count > 2);
        Assert.Equal(pages.Order(StringComparer.Ordinal), (await ExportCalls.ReadWithGdalAsync(path)).Select(f => f.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_dxf_link_keeps_a_gauss_kruger_crs()
    {
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?crs=EPSG:4553&limit=1");
        var dxf = Links(page).Single(l => l.Type == Types["dxf"]);

        Assert.Equal("EPSG:4553", Query(dxf.Href)["crs"]);
    }

    [Fact]
    public async Task A_collection_encloses_the_whole_layer_in_every_export_format()
    {
        var collection = await api.Client.GetOkJsonAsync("/collections/enterprises");
        var enclosures = Links(collection).Where(l => l.Rel == "enclosure").ToList();

        Assert.Equal(Types.Values.Order(StringComparer.Ordinal), enclosures.Select(l => l.Type).Order(StringComparer.Ordinal));
        Assert.All(enclosures, l => Assert.Equal($"/collections/enterprises/items?f={Types.Single(t => t.Value == l.Type).Key}", l.Href.PathAndQuery));
        var listed = (await api.Client.GetOkJsonAsync("/collections")).GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "enterprises");
        Assert.Equal(4, Links(listed).Count(l => l.Rel == "enclosure"));
    }

    [Fact]
    public async Task The_api_definition_lists_the_export_formats_their_types_and_the_encoding()
    {
        var get = (await api.Client.GetOkJsonAsync("/api")).GetProperty("paths").GetProperty("/collections/projects/items").GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        var formats = parameters["f"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["json", "geojson", "csv", "html", "gpkg", "shp", "kml", "dxf"], formats);
        Assert.Equal(["UTF-8", "GBK"], parameters["encoding"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var types = get.GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Equal(["application/geo+json", "text/csv", "text/html", .. Types.Values], types);
        Assert.True(get.GetProperty("responses").TryGetProperty("503", out _));
    }
}
