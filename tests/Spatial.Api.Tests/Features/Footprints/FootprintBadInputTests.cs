using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Footprints;

[Collection(ApiTests.Name)]
public sealed class FootprintBadInputTests(ApiFixture api)
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(byte[] body, string? contentType, string query = "")
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks" + query, UriKind.Relative), content);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        { "", "text/plain", "", 400, "body: the request body is empty" },
        { "{}", "application/xml", "", 415, "Content-Type 'application/xml' is not read here" },
        { Example.Replace("J3,1,5018301.447,44419240.118", "J3,1,5018301.447,44419x40.118", StringComparison.Ordinal), "text/plain", "", 400, "line 16, Y坐标: '44419x40.118' is not a number" },
        { Example.Replace("J3,1,5018301.447,44419240.118", "J3,一,5018301.447,44419240.118", StringComparison.Ordinal), "text/plain", "", 400, "line 16, 地块圈号: '一' is not a ring number" },
        { Example.Replace("带号=44", "带号=45", StringComparison.Ordinal), "text/plain", "", 400, "line 14, Y坐标: the zone prefix 44 of 44418968.214 disagrees with 带号=45" },
        { Example.Replace("J2,1,5018125.318,44419398.062", "J2,1,5018125.318,45419398.062", StringComparison.Ordinal), "text/plain", "", 400, "one file must use one zone" },
        { Example.Replace("坐标系=2000国家大地坐标系", "坐标系=80国家大地坐标系", StringComparison.Ordinal), "text/plain", "", 400, "坐标系: '80国家大地坐标系' is 西安1980 (Xian 1980): footprint checks take CGCS2000" },
        { Example.Replace("坐标系=2000国家大地坐标系", "坐标系=鸡西地方坐标系", StringComparison.Ordinal), "text/plain", "", 400, "坐标系: '鸡西地方坐标系' is none of 2000国家大地坐标系" },
        { Example.Replace("J4,1,5018058.209,44419312.586\nJ1,1,5018122.905,44419310.447", "J4,1,5018058.209,44419312.586", StringComparison.Ordinal), "text/plain", "", 400, "parcel 地块2 ring 1 is not closed" },
        { Example.Replace(",4441", ",4401", StringComparison.Ordinal), "text/plain", "", 400, "line 14, Y坐标: easting 44018968.214 is outside any 3° zone" },
        { Example.Replace(",444", ",441", StringComparison.Ordinal), "text/plain", "", 400, "lies at 127.152°E, 4.8° from the central meridian 132°E of zone 44" },
        { Example.Replace(",4441", ",4424", StringComparison.Ordinal), "text/plain", "", 400, "from the central meridian 132°E of zone 44" },
        { """{"type":"Polygon","coordinates":[[[10,45],[10.1,45],[10.1,45.1],[10,45]]]}""", "application/geo+json", "", 400, "outside China" },
        { """{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131,45],[131,45]]]}""", "application/geo+json", "", 400, "a ring has 2 distinct point(s); it needs at least 3" },
        { """{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45.1]]]}""", "application/geo+json", "", 400, "body: $.coordinates[0]: the ring is not closed" },
        { """{"type":"Point","coordinates":[131,45]}""", "application/geo+json", "", 400, "body: $ is a Point; a footprint must be a Polygon or MultiPolygon" },
        { """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[131,45],[131.1,45]]}}]}""", "application/geo+json", "", 400, "$.features[0].geometry is a LineString" },
        { "this is not json", "application/geo+json", "", 400, "body: not GeoJSON" },
        { "POLYGON((131 45, 131.1 45))", "application/wkt", "", 400, "body: invalid WKT" },
        { "POLYGON((131 45, 131.1 45, 131.1 45.1, 131 45),(131.01 45.01, -8e49 45.02, 131.02 45.02, 131.01 45.01))", "application/wkt", "", 400, "longitude" },
        { """{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45]]]}""", "application/geo+json", "?colour=red", 400, "colour: unknown parameter" },
        { """{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45]]]}""", "application/geo+json", "?tolerance=-1", 400, "tolerance: '-1' is not an area in m²" },
        { """{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45]]]}""", "application/geo+json", "?tolerance=NaN", 400, "tolerance: 'NaN' is not an area in m²" },
        { """{"type":"Polygon","coordinates":[[[14580000,5620000],[14590000,5620000],[14590000,5630000],[14580000,5620000]]]}""", "application/geo+json", "?crs=http://www.opengis.net/def/crs/EPSG/0/3857", 400, "Web Mercator" },
        { """{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45]]]}""", "application/geo+json", "?sector=mining", 400, "sector: 'mining' is not a sector" },
        { """{"type":"Polygon","coordinates":[[[1e12,1e12],[1e12,2e12],[2e12,2e12],[1e12,1e12]]]}""", "application/geo+json", "?crs=http://www.opengis.net/def/crs/EPSG/0/4532", 400,
          "body: $: easting (Y) 1000000000000…2000000000000 is outside 44100000…44900000" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_footprint_is_refused_with_the_exact_reason(string body, string contentType, string query, int status, string reason)
    {
        var (code, problem) = await PostAsync(Encoding.UTF8.GetBytes(body), contentType, query);

        Assert.Equal((HttpStatusCode)status, code);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_cut_off_inside_its_file_is_a_400_naming_the_body()
    {
        var form = "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n" + Example;

        var (status, problem) = await PostAsync(Encoding.UTF8.GetBytes(form), "multipart/form-data; boundary=BB");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("body: the form ends", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_415()
    {
        var (status, _) = await PostAsync(Encoding.UTF8.GetBytes(Example), null);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
    }

    [Fact]
    public async Task A_malformed_txt_line_is_reported_with_line_and_field_as_members()
    {
        var (_, problem) = await PostAsync(Encoding.UTF8.GetBytes(Example.Replace("5018301.447", "50183O1.447", StringComparison.Ordinal)), "text/plain");

        Assert.Equal(16, problem.GetProperty("line").GetInt32());
        Assert.Equal("X坐标", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task More_than_100000_vertices_is_413()
    {
        var ring = Enumerable.Range(0, 100_001).Select(i => (131 + 0.01 * Math.Cos(2 * Math.PI * i / 100_001), 45 + 0.01 * Math.Sin(2 * Math.PI * i / 100_001)))
            .Select(p => FormattableString.Invariant($"[{p.Item1:R},{p.Item2:R}]")).ToList();
        ring.Add(ring[0]);
        var body = $$"""{"type":"Polygon","coordinates":[[{{string.Join(",", ring)}}]]}""";

        var (status, problem) = await PostAsync(Encoding.UTF8.GetBytes(body), "application/geo+json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("100002 vertices; at most 100000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Spatial:Footprints:MaxRequestVertices", problem.GetProperty("limit").GetString());
    }

    [Fact]
    public async Task A_body_over_10_mib_is_413()
    {
        var (status, problem) = await PostAsync(new byte[10 * 1024 * 1024 + 1], "text/plain");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("more than 10 MiB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> RefusedAsync(byte[] body, string contentType)
    {
        var (status, problem) = await PostAsync(body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        return problem.GetProperty("detail").GetString()!;
    }

    private const string Square = "POLYGON((131 45, 131.1 45, 131.1 45.1, 131 45))";

    [Theory]
    [InlineData(Square + "中", "body: invalid WKT: unexpected '中' (U+4E2D) after the geometry (at character 48)")]
    [InlineData("POLYGON((131 45, 地 45, 131.1 45.1, 131 45))", "body: invalid WKT: expected a number, found '地' (U+5730) (at character 18)")]
    [InlineData("POLYGON((131 45, NaN 45, 131.1 45.1, 131 45))", "body: invalid WKT: expected a number, found 'N' (at character 18)")]
    [InlineData(Square + " and more", "body: invalid WKT: unexpected 'a' after the geometry (at character 49)")]
    public async Task Wkt_with_characters_beyond_latin_1_nan_or_trailing_text_is_a_400_naming_body(string wkt, string detail) =>
        Assert.Equal(detail, await RefusedAsync(Encoding.UTF8.GetBytes(wkt), "application/wkt"));

    [Fact]
    public async Task Deeply_nested_wkt_is_a_400_not_a_stack_overflow()
    {
        var wkt = string.Concat(Enumerable.Repeat("GEOMETRYCOLLECTION(", 50_000)) + Square + new string(')', 50_000);

        Assert.StartsWith("body: invalid WKT: geometry collections are nested deeper than 16 levels", await RefusedAsync(Encoding.UTF8.GetBytes(wkt), "application/wkt"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":5}""", "body: $.type: 'type' must be a string")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[5]}""", "body: $.coordinates[0]: a polygon is an array of rings")]
    [InlineData("""{"type":"FeatureCollection","features":[5]}""", "body: $.features[0]: a feature is a JSON object")]
    [InlineData("""{"type":"Polygon","coordinates":[[[131,45],[1e400,45],[131.1,45.1],[131,45]]]}""", "body: $.coordinates[0][1]: position values must be finite")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45]]]}},{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45]]]}},{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,-1e999],[131,45]]]}}]}""",
        "body: $.features[2].geometry.coordinates[0][3]: position values must be finite")]
    [InlineData("""{"type":"\ud800"}""", "body: not GeoJSON: a string on line 1 is not valid Unicode")]
    [InlineData("""{"type":"Feature","properties":{"name_zh":"\udc00"},"geometry":null}""", "body: not GeoJSON: a string on line 1 is not valid Unicode")]
    [InlineData("""{"type":"Polygon",""", "body: not GeoJSON: not valid JSON at line 1, byte 18 of the line")]
    public async Task A_geojson_member_of_the_wrong_json_type_is_a_400_naming_body_in_our_own_words(string json, string detail)
    {
        var said = await RefusedAsync(Encoding.UTF8.GetBytes(json), "application/geo+json");

        Assert.StartsWith(detail, said, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Geojson_sent_in_gbk_is_a_400_asking_for_utf8() =>
        Assert.Equal("body: not GeoJSON: a string on line 1 is not valid UTF-8; send JSON as UTF-8", await RefusedAsync(
            Spatial.Geo.TextDecoding.Gb18030.GetBytes("""{"type":"Feature","properties":{"name_zh":"地块"},"geometry":{"type":"Polygon","coordinates":[[[131,45],[131.1,45],[131.1,45.1],[131,45]]]}}"""),
            "application/geo+json"));

    [Fact]
    public async Task A_declared_area_too_large_for_a_number_is_a_400_naming_the_field()
    {
        var (status, problem) = await PostAsync(Encoding.UTF8.GetBytes(Example.Replace("5.3419", new string('9', 400), StringComparison.Ordinal)), "text/plain");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("地块面积", problem.GetProperty("field").GetString());
        Assert.Equal(13, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_hole_vertex_far_outside_the_crs_is_a_400_naming_body_not_infinite_coordinates()
    {
        const string wkt = "POLYGON((5018375 44419274, 5018237 44419526, 5017778 44419316, 5017878 44419047, 5018375 44419274), " +
                           "(5018303 44419114, 5018299 4441e116, 5018298 44419114, 5018303 44419114))";

        var (status, problem) = await PostAsync(Encoding.UTF8.GetBytes(wkt), "application/wkt", "?crs=http://www.opengis.net/def/crs/EPSG/0/4532");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("body: WKT: easting (Y) 44419047…4441000000", detail, StringComparison.Ordinal);
        Assert.Contains("is outside 44100000…44900000", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parcel_ring_touching_itself_is_checked_and_reported_invalid_not_a_500()
    {
        var file = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "ring-touching-itself.txt"));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(file));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");

        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), content);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(report.RootElement.GetProperty("parcels")[0].GetProperty("validity").GetProperty("valid").GetBoolean());
    }
}
