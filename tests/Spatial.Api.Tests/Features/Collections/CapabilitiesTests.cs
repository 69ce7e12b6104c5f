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

    [Fact]
    public async Task Conformance_declares_the_1_0_classes_of_parts_1_to_3()
    {
        var classes = (await api.Client.GetOkJsonAsync("/conformance")).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();

        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter", classes);
        Assert.Contains("http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", classes);
        Assert.DoesNotContain("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html", classes);
    }

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
