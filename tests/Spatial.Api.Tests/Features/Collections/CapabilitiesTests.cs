using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

[Collection(ApiTests.Name)]
public sealed class CapabilitiesTests(ApiFixture api)
{
    [Fact]
    public async Task The_landing_page_links_the_api_definition_conformance_and_collections_each_with_a_type()
    {
        var landing = await api.Client.GetOkJsonAsync("/");
        var links = landing.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("rel").GetString()!, l => l.GetProperty("type").GetString());

        Assert.Equal("application/vnd.oai.openapi+json;version=3.0", links["service-desc"]);
        Assert.Equal("application/json", links["conformance"]);
        Assert.Equal("application/json", links["data"]);
        Assert.Equal("application/json", links["self"]);
    }

    /// <summary>
    /// Exactly these classes, each with the tests that fail when it breaks; a class added to /conformance
    /// without a line here (and so without a test) fails this one.
    /// </summary>
    [Fact]
    public async Task Conformance_declares_exactly_the_classes_the_tests_prove()
    {
        var classes = (await api.Client.GetOkJsonAsync("/conformance")).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()!).ToList();

        Assert.Equal(
        [
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",            // ItemsTests, CapabilitiesTests
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",         // ItemsTests.A_page_is_geojson…, CrsOutputTests
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",            // Features/Html, Spatial.Web.Tests HtmlPagesTests
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",           // The_api_definition_* below
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",             // CrsOutputTests, Collections_list_…_storage_crs
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",      // Queryables_are_a_json_schema_…
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters", // ItemsTests.Queryables_as_parameters_…
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",          // FilterTests
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter", // FilterTests (filter, filter-lang, filter-crs on items)
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",                   // FilterTests.Cql2_text_…, Time_comparisons_…
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators", // FilterTests: LIKE, BETWEEN, IN in text and JSON
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",                    // FilterTests, SpatialFunctionTests
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",                    // FilterTests.Cql2_json_…, SpatialFunctionTests
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",      // SpatialFunctionTests (S_INTERSECTS with points and boxes)
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus", // SpatialFunctionTests.S_intersects_takes_lines_…
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",            // SpatialFunctionTests, each function against PostGIS
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete", // Features/Editing: POST 201 + Location, PUT, DELETE
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",          // Features/Editing: PATCH with JSON Merge Patch
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",        // Features/Editing: GeoJSON bodies, Content-Crs
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags", // Features/Editing: If-Match, 412, 428, races
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",               // Features/Tiles: VectorTileTests, TileRequestTests (404/400 naming the parameter, 204)
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",            // TilesetMetadataTests.The_tileset_links_its_tiles_by_template_…
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",      // TilesetMetadataTests.The_landing_page_and_every_collection_link_…
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",   // TilesetMetadataTests: each collection's tilesets-vector link
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",   // TilesetMetadataTests: /tiles from the landing page
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/collections-selection", // VectorTileTests.Tiles_of_several_collections_…, TilesetMetadataTests
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",                // VectorTileTests: decoded tiles, ogrinfo's MVT driver
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",              // The_api_definition_* below list and answer the tile paths
        ], classes);
    }

    [Fact]
    public async Task Every_path_in_the_api_definition_answers_and_every_reference_in_it_resolves()
    {
        var document = await api.Client.GetOkJsonAsync("/api");
        var paths = document.GetProperty("paths").EnumerateObject().ToList();

        Assert.Equal(JsonValueKind.Object, document.GetProperty("info").ValueKind);
        Assert.False(string.IsNullOrEmpty(document.GetProperty("info").GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(document.GetProperty("info").GetProperty("version").GetString()));
        Assert.True(paths.Count > 9 * 5, $"{paths.Count} paths");
        foreach (var path in paths.Where(p => p.Value.TryGetProperty("get", out _)))
        {
            var operation = path.Value.GetProperty("get");
            Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _), path.Name);
            foreach (var parameter in operation.GetProperty("parameters").EnumerateArray())
            {
                Assert.True(parameter.GetProperty("in").GetString() is "path" or "query", path.Name);
                if (parameter.GetProperty("in").GetString() == "path")
                    Assert.Contains("{" + parameter.GetProperty("name").GetString() + "}", path.Name, StringComparison.Ordinal);
            }
            var url = path.Name.Replace("{featureId}", path.Name.Contains("/projects/", StringComparison.Ordinal) ? "JX-28" : "x", StringComparison.Ordinal)
                .Replace("{code}", "230382", StringComparison.Ordinal).Replace("{projectId}", "JX-28", StringComparison.Ordinal)
                .Replace("{version}", "1", StringComparison.Ordinal).Replace("{tileMatrixSetId}", "WebMercatorQuad", StringComparison.Ordinal)
                .Replace("{tileMatrix}/{tileRow}/{tileCol}", "8/91/221", StringComparison.Ordinal);
            using var response = await api.Client.GetAsync(new Uri(url, UriKind.Relative));
            var secured = operation.TryGetProperty("security", out _);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK
                        // A tile of the plan area (8/91/221, around 131°E 45.3°N) in which a layer has nothing is empty.
                        || (url.EndsWith("/8/91/221", StringComparison.Ordinal) && response.StatusCode == System.Net.HttpStatusCode.NoContent)
                        || (secured && response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
                        // The in-process client has no network address, so it is not in the networks metrics are served to.
                        || (url == "/metrics" && response.StatusCode == System.Net.HttpStatusCode.Forbidden)
                        || ((url.EndsWith("/x", StringComparison.Ordinal) || url.Contains("/x/", StringComparison.Ordinal)) && response.StatusCode == System.Net.HttpStatusCode.NotFound),
                $"{url} → {(int)response.StatusCode}");
        }
        foreach (var reference in References(document))
        {
            var target = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate((JsonElement?)document, (at, name) => at is { } e && e.TryGetProperty(name, out var next) ? next : null);
            Assert.True(target is not null, $"$ref {reference} resolves to nothing");
        }
    }

    [Fact]
    public async Task The_api_definition_lists_every_get_route_the_service_maps()
    {
        var paths = (await api.Client.GetOkJsonAsync("/api")).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var routes = api.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @":\w+\}", "}"))
            .Distinct().ToList();
        var missing = routes
            .SelectMany(route => route.Contains("{collectionId}", StringComparison.Ordinal)
                ? (route.Contains("/history", StringComparison.Ordinal) ? EditableIds : CollectionIds).Select(id => route.Replace("{collectionId}", id, StringComparison.Ordinal))
                : [route])
            .Where(path => !paths.Contains(path))
            .ToList();

        Assert.True(routes.Count > 10, $"{routes.Count} routes");
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_route_says_what_it_is_where_it_is_mapped()
    {
        var undocumented = api.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => Spatial.Api.Features.Landing.OpenApiDocument.MethodsOf(e).Any())
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>() is null
                        || e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>() is not { Summary.Length: > 0 }
                        || e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>() is null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task The_api_definition_lists_every_write_route_with_its_method_and_writes_only_on_editable_collections()
    {
        var paths = (await api.Client.GetOkJsonAsync("/api")).GetProperty("paths");
        var writes = api.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m != "GET").Select(m => (Method: m.ToLowerInvariant(),
                    Route: "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @":\w+\}", "}"))))
            .ToList();
        var missing = writes
            .SelectMany(w => w.Route.Contains("/items", StringComparison.Ordinal) && w.Route.Contains("{collectionId}", StringComparison.Ordinal)
                             && !w.Route.EndsWith("/restore", StringComparison.Ordinal)
                ? EditableIds.Select(id => (w.Method, Path: w.Route.Replace("{collectionId}", id, StringComparison.Ordinal)))
                : [(w.Method, Path: w.Route)])
            .Where(w => !paths.TryGetProperty(w.Path, out var p) || !p.TryGetProperty(w.Method, out _))
            .Select(w => $"{w.Method} {w.Path}")
            .ToList();

        Assert.True(writes.Count >= 7, $"{writes.Count} write routes");
        Assert.Empty(missing);
        // On reference data POST /items only reads (a CQL2 JSON filter, 303): no create, no credentials.
        foreach (var readOnly in CollectionIds.Except(EditableIds))
        {
            var post = paths.GetProperty($"/collections/{readOnly}/items").GetProperty("post");
            Assert.False(post.GetProperty("responses").TryGetProperty("201", out _), readOnly);
            Assert.False(post.TryGetProperty("security", out _), readOnly);
            Assert.True(post.GetProperty("responses").TryGetProperty("303", out _), readOnly);
        }
        Assert.True(paths.GetProperty("/collections/{collectionId}/items/{featureId}/history/{version}/restore").TryGetProperty("post", out _));
    }

    private static readonly string[] EditableIds = ["planting-zones", "ecological-areas", "industrial-parks", "projects", "enterprises"];

    private static readonly string[] CollectionIds =
        ["counties", "planting-zones", "ecological-areas", "industrial-parks", "projects", "enterprises", "water-bodies", "rivers", "borders"];

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "$ref" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };

    [Fact]
    public async Task The_api_definition_is_openapi_3_0_with_every_collection_and_its_queryables_as_parameters()
    {
        using var response = await api.Client.GetAsync(new Uri("/api", UriKind.Relative));
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = body.GetProperty("paths");

        Assert.Equal("application/vnd.oai.openapi+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.0", body.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        foreach (var id in new[] { "counties", "planting-zones", "ecological-areas", "industrial-parks", "projects", "enterprises", "water-bodies", "rivers", "borders" })
        {
            Assert.True(paths.TryGetProperty($"/collections/{id}/items", out _), id);
            Assert.True(paths.TryGetProperty($"/collections/{id}/items/{{featureId}}", out _), id);
        }
        var projectParameters = paths.GetProperty("/collections/projects/items").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("bbox", projectParameters);
        Assert.Contains("filter", projectParameters);
        Assert.Contains("county_code", projectParameters);
        Assert.Contains("sector", projectParameters);
        Assert.True(paths.TryGetProperty("/counties/{code}/summary", out _));
    }

    [Fact]
    public async Task Collections_list_every_layer_with_its_extent_crs_list_and_storage_crs()
    {
        var collections = (await api.Client.GetOkJsonAsync("/collections")).GetProperty("collections").EnumerateArray().ToList();
        var projects = collections.Single(c => c.GetProperty("id").GetString() == "projects");

        Assert.Equal(9, collections.Count);
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/4490", projects.GetProperty("storageCrs").GetString());
        var crs = projects.GetProperty("crs").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", crs[0]);
        Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/4532", crs);
        var bbox = projects.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var truth = (await api.Database.RowsAsync("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM projects) x",
            r => new[] { r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3) }))[0];
        for (var i = 0; i < 4; i++) Assert.Equal(truth[i], bbox[i], 1e-6);
        Assert.Contains(projects.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "items"
            && l.GetProperty("type").GetString() == "application/geo+json");
    }

    [Fact]
    public async Task Queryables_are_a_json_schema_of_the_collections_properties_and_geometry()
    {
        using var response = await api.Client.GetAsync(new Uri("/collections/planting-zones/queryables", UriKind.Relative));
        var schema = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var properties = schema.GetProperty("properties");

        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.Equal("string", properties.GetProperty("category").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("crops_zh").GetProperty("type").GetString());
        Assert.Equal("number", properties.GetProperty("area_mu").GetProperty("type").GetString());
        Assert.Equal("geometry-multipolygon", properties.GetProperty("geometry").GetProperty("format").GetString());
    }
}
