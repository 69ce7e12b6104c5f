using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Geo;

namespace Spatial.Api.Tests.Features.Footprints;

/// <summary>
/// The outlines and overlaps of a footprint report follow the response CRS like every other geometry: CRS84 unless
/// <c>crs</c> asks otherwise, in that CRS's axis order, named by Content-Crs, without a GeoJSON "crs" member. The body's
/// CRS is Content-Crs, or <c>crs</c> when the header is absent (what <c>crs</c> meant before).
/// </summary>
[Collection(ApiTests.Name)]
public sealed class FootprintResponseCrsTests(ApiFixture api)
{
    private const string Epsg = "http://www.opengis.net/def/crs/EPSG/0/";

    // 2 km across on Lake Khanka: one water overlap, most of the square.
    private static readonly string OnTheLake = Outlines.Square(132.44, 45.09, 0.02);

    private async Task<(HttpResponseMessage Response, JsonElement Report)> PostAsync(string body, string query = "", string? contentCrs = null)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/geo+json");
        if (contentCrs is not null) content.Headers.Add("Content-Crs", $"<{contentCrs}>");
        var response = await api.Client.PostAsync(new Uri("/footprint-checks" + query, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static JsonElement WaterOverlap(JsonElement report) =>
        Assert.Single(report.GetProperty("overlaps").GetProperty("features").EnumerateArray(),
            f => f.GetProperty("properties").GetProperty("layer").GetString() == "water");

    private static string ContentCrs(HttpResponseMessage response) => response.Headers.GetValues("Content-Crs").Single();

    private static (double A, double B) FirstPoint(JsonElement polygon)
    {
        var coordinates = polygon.GetProperty("coordinates");
        var point = polygon.GetProperty("type").GetString() == "MultiPolygon" ? coordinates[0][0][0] : coordinates[0][0];
        return (point[0].GetDouble(), point[1].GetDouble());
    }

    /// <summary>The geodesic area PostGIS gives a GeoJSON geometry the report wrote in <paramref name="sql"/>'s reading of it.</summary>
    private Task<double> AreaAsync(JsonElement geometry, string sql) =>
        api.Database.ScalarAsync<double>($"SELECT ST_Area(({sql})::geography) FROM (SELECT ST_GeomFromGeoJSON($1) AS g) x", geometry.GetRawText());

    [Fact]
    public async Task By_default_outline_and_overlaps_are_crs84_longitude_latitude_without_a_crs_member()
    {
        var (response, report) = await PostAsync(OnTheLake);
        var overlap = WaterOverlap(report);
        var geometry = overlap.GetProperty("geometry");
        var outline = report.GetProperty("parcels")[0].GetProperty("outline");

        Assert.Equal($"<{CrsReference.Crs84Uri}>", ContentCrs(response));
        Assert.False(geometry.TryGetProperty("crs", out _));
        Assert.False(outline.TryGetProperty("crs", out _));
        Assert.Equal(132.45, FirstPoint(outline).A, 0.015);
        Assert.Equal(45.10, FirstPoint(outline).B, 0.015);
        Assert.Equal(overlap.GetProperty("properties").GetProperty("area_m2").GetDouble(),
            await AreaAsync(geometry, "ST_SetSRID(g, 4490)"), overlap.GetProperty("properties").GetProperty("area_m2").GetDouble() * 1e-4);
    }

    [Fact]
    public async Task Crs_gauss_kruger_gives_northing_easting_outline_and_overlaps_that_measure_like_the_report()
    {
        var (response, report) = await PostAsync(OnTheLake, $"?crs={Epsg}4532", contentCrs: CrsReference.Crs84Uri);
        var overlap = WaterOverlap(report);
        var area = overlap.GetProperty("properties").GetProperty("area_m2").GetDouble();
        var (northing, easting) = FirstPoint(report.GetProperty("parcels")[0].GetProperty("outline"));

        Assert.Equal($"<{Epsg}4532>", ContentCrs(response));
        Assert.InRange(northing, 4_990_000, 5_000_000);
        Assert.InRange(easting, 44_530_000, 44_540_000);
        Assert.False(overlap.GetProperty("geometry").TryGetProperty("crs", out _));
        Assert.Equal(area, await AreaAsync(overlap.GetProperty("geometry"), "ST_Transform(ST_FlipCoordinates(ST_SetSRID(g, 4532)), 4490)"), area * 1e-3);
    }

    [Fact]
    public async Task Crs_epsg_4490_by_uri_is_latitude_longitude_as_for_items()
    {
        var (response, report) = await PostAsync(OnTheLake, $"?crs={Epsg}4490", contentCrs: CrsReference.Crs84Uri);
        var (latitude, longitude) = FirstPoint(WaterOverlap(report).GetProperty("geometry"));

        Assert.Equal($"<{Epsg}4490>", ContentCrs(response));
        Assert.InRange(latitude, 45.0, 45.2);
        Assert.InRange(longitude, 132.4, 132.5);
    }

    [Fact]
    public async Task Without_content_crs_the_crs_parameter_still_names_the_bodys_crs_and_the_answer_comes_in_it()
    {
        var ring = new[] { (4_994_000.0, 44_534_000.0), (4_994_000.0, 44_535_000.0), (4_995_000.0, 44_535_000.0), (4_994_000.0, 44_534_000.0) };
        var body = $$"""{"type":"Polygon","coordinates":[[{{string.Join(",", ring.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.Item1},{p.Item2}]")))}}]]}""";

        var (response, report) = await PostAsync(body, $"?crs={Epsg}4532");
        var (northing, easting) = FirstPoint(report.GetProperty("parcels")[0].GetProperty("outline"));
        var (_, asCrs84) = await PostAsync(body, "", contentCrs: $"{Epsg}4532");

        Assert.Equal($"{Epsg}4532", report.GetProperty("crs").GetString());
        Assert.Equal($"<{Epsg}4532>", ContentCrs(response));
        Assert.Equal((4_994_000, 44_534_000), (northing, easting), (x, y) => Math.Abs(x.Item1 - y.Item1) < 0.01 && Math.Abs(x.Item2 - y.Item2) < 0.01);
        Assert.Equal(500_000, report.GetProperty("parcels")[0].GetProperty("plane_area").GetProperty("square_metres").GetDouble(), 1);
        Assert.Equal(132.43, FirstPoint(asCrs84.GetProperty("parcels")[0].GetProperty("outline")).A, 0.01);
    }

    [Fact]
    public async Task A_bad_content_crs_is_a_problem_naming_content_crs()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(OnTheLake));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/geo+json");
        content.Headers.Add("Content-Crs", "<urn:nothing>");
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), content);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Content-Crs", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task An_empty_content_crs_header_on_the_wire_is_a_400_naming_it_not_a_body_read_as_crs84()
    {
        // HttpClient drops a header without a value; a client writing its own request line sends "Content-Crs:" as it is.
        await using var server = RealServer.Start(api.Database.ConnectionString);
        var answer = await Spatial.Api.Tests.Http.UnparsableRequestTests.SendRawAsync(server,
            "POST /footprint-checks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/geo+json\r\nContent-Crs:\r\n" +
            $"Content-Length: {Encoding.ASCII.GetByteCount(OnTheLake)}\r\nConnection: close\r\n\r\n{OnTheLake}");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("\"detail\":\"Content-Crs: empty; name the CRS of the body", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<http://www.opengis.net/def/crs/EPSG/0/3857>", "Web Mercator")]
    [InlineData("   ", "empty")]
    public async Task A_content_crs_that_is_refused_or_empty_is_a_problem_naming_content_crs_never_read_as_crs84(string header, string says)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(OnTheLake));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/geo+json");
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Crs", header));
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(text).RootElement;

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Content-Crs", problem.GetProperty("parameter").GetString());
        Assert.StartsWith("Content-Crs: ", problem.GetProperty("detail").GetString());
        Assert.Contains(says, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_stored_projects_check_takes_crs_and_says_it_in_content_crs()
    {
        var id = (await api.Database.IdsAsync("SELECT id FROM projects WHERE geom IS NOT NULL AND ST_X(ST_Centroid(geom)) BETWEEN 130.5 AND 133.5 ORDER BY id LIMIT 1"))[0];
        using var response = await api.Client.GetAsync(new Uri($"/collections/projects/items/{id}/footprint-check?crs={Epsg}4532", UriKind.Relative));
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var (northing, easting) = FirstPoint(report.GetProperty("parcels")[0].GetProperty("outline"));
        using var plain = await api.Client.GetAsync(new Uri($"/collections/projects/items/{id}/footprint-check", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"<{Epsg}4532>", ContentCrs(response));
        Assert.InRange(northing, 4_000_000, 6_000_000);
        Assert.InRange(easting, 44_000_000, 45_000_000);
        Assert.Equal($"<{CrsReference.Crs84Uri}>", ContentCrs(plain));
    }
}
