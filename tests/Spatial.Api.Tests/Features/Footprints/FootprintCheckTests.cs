using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Geo;

namespace Spatial.Api.Tests.Features.Footprints;

[Collection(ApiTests.Name)]
public sealed class FootprintCheckTests(ApiFixture api)
{
    private static readonly byte[] Example = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(byte[] body, string contentType, string query = "")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await api.Client.PostAsync(new Uri("/footprint-checks" + query, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A square of the given side (m) centred on a point, as GeoJSON in CRS84, drawn in that point's GK zone.</summary>
    private static string Square(double lon, double lat, double side)
    {
        var zone = GaussKrugerZone.ForLongitude(lon);
        var (e, n) = GaussKruger.Project(lon, lat, zone);
        var h = side / 2;
        var ring = new[] { (e - h, n - h), (e + h, n - h), (e + h, n + h), (e - h, n + h), (e - h, n - h) }
            .Select(p => GaussKruger.Unproject(p.Item1, p.Item2, zone))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.Longitude:R},{p.Latitude:R}]"));
        return $$"""{"type":"Polygon","coordinates":[[{{string.Join(",", ring)}}]]}""";
    }

    [Fact]
    public async Task The_worked_example_reports_two_parcels_with_plane_ellipsoidal_and_declared_areas()
    {
        var (response, report) = await PostAsync(Example, "text/plain");
        var parcels = report.GetProperty("parcels").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("land-parcel-txt", report.GetProperty("format").GetString());
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/4532", report.GetProperty("crs").GetString());
        Assert.Equal(2, parcels.Count);
        Assert.Equal(53_418.81, parcels[0].GetProperty("plane_area").GetProperty("square_metres").GetDouble());
        Assert.Equal(5.3419, parcels[0].GetProperty("plane_area").GetProperty("hectares").GetDouble());
        Assert.Equal(80.13, parcels[0].GetProperty("plane_area").GetProperty("mu").GetDouble());
        Assert.Equal(5_648.16, parcels[1].GetProperty("plane_area").GetProperty("square_metres").GetDouble());
        Assert.InRange(parcels[0].GetProperty("declared_area").GetProperty("difference_m2").GetDouble(), -1.5, 1.5);
        // Area scale ≈ 1.00016 at 鸡冠区: the ellipsoidal area is ≈ 8.5 m² smaller than the plane one.
        Assert.InRange(parcels[0].GetProperty("plane_area").GetProperty("square_metres").GetDouble()
                       - parcels[0].GetProperty("ellipsoidal_area").GetProperty("square_metres").GetDouble(), 7, 10);
        Assert.Equal(44, parcels[0].GetProperty("gauss_kruger_zone").GetProperty("zone").GetInt32());
        Assert.All(parcels, p => Assert.Equal("230302", p.GetProperty("counties")[0].GetProperty("id").GetString()));
        Assert.DoesNotContain(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "DECLARED_AREA_MISMATCH");
    }

    [Fact]
    public async Task A_gbk_encoded_file_gives_the_same_report_and_says_how_it_was_read()
    {
        var gbk = TextDecoding.Gb18030.GetBytes(Encoding.UTF8.GetString(Example));

        var (response, report) = await PostAsync(gbk, "text/plain");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GB18030", report.GetProperty("encoding").GetString());
        Assert.Equal("地块1", report.GetProperty("parcels")[0].GetProperty("label").GetString());
        Assert.Equal(53_418.81, report.GetProperty("parcels")[0].GetProperty("plane_area").GetProperty("square_metres").GetDouble());
    }

    [Fact]
    public async Task ProjNet_gauss_kruger_agrees_with_postgis_st_transform_within_a_millimetre()
    {
        var file = LandParcelTxt.Parse(Example);
        foreach (var point in file.Parcels.SelectMany(p => p.Rings).SelectMany(r => r.Points))
        {
            var (lon, lat) = GaussKruger.Unproject(point.Easting, point.Northing, file.Zone, file.Prefixed);
            var truth = (await api.Database.RowsAsync(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_Point($1, $2), 4532), 4490) p) x",
                r => (Lon: r.GetDouble(0), Lat: r.GetDouble(1)), point.Easting, point.Northing))[0];
            var back = (await api.Database.RowsAsync(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_Point($1, $2), 4490), 4532) p) x",
                r => (E: r.GetDouble(0), N: r.GetDouble(1)), lon, lat))[0];

            Assert.InRange(Math.Abs(lat - truth.Lat) * 111_000, 0, 0.001);
            Assert.InRange(Math.Abs(lon - truth.Lon) * 111_000 * Math.Cos(lat * Math.PI / 180), 0, 0.001);
            Assert.InRange(Math.Abs(back.E - point.Easting), 0, 0.001);
            Assert.InRange(Math.Abs(back.N - point.Northing), 0, 0.001);
        }
    }

    [Fact]
    public async Task A_parcel_drawn_across_two_counties_reports_both_shares_summing_to_100_percent()
    {
        var point = (await api.Database.RowsAsync("""
            SELECT ST_X(p), ST_Y(p) FROM (
              SELECT ST_ClosestPoint(ST_Boundary(a.geom), ST_PointOnSurface(b.geom)) AS p
              FROM counties a, counties b WHERE a.code = '230302' AND b.code = '230306') x
            """, r => (Lon: r.GetDouble(0), Lat: r.GetDouble(1))))[0];

        var (_, report) = await PostAsync(Utf8(Square(point.Lon, point.Lat, 400)), "application/geo+json");
        var counties = report.GetProperty("parcels")[0].GetProperty("counties").EnumerateArray().ToList();

        Assert.Equal(["230302", "230306"], counties.Select(c => c.GetProperty("id").GetString()).Order());
        Assert.Equal(1.0, counties.Sum(c => c.GetProperty("share_of_parcel").GetDouble()), 0.001);
        Assert.Contains(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "MULTIPLE_COUNTIES");
    }

    [Fact]
    public async Task A_parcel_on_lake_khanka_fails_with_the_overlap_postgis_computes()
    {
        var square = Square(132.45, 45.10, 2000);
        var (_, report) = await PostAsync(Utf8(square), "application/geo+json");
        var truth = await api.Database.ScalarAsync<double>(
            "SELECT ST_Area(ST_Intersection(ST_SetSRID(ST_GeomFromGeoJSON($1), 4490), geom)::geography) FROM water_bodies WHERE name_zh = '兴凯湖'", square);
        var water = report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("water_bodies")[0];

        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Contains(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "WATER_OVERLAP"
            && r.GetProperty("message_zh").GetString()!.Contains("兴凯湖", StringComparison.Ordinal));
        Assert.True(truth > 3_000_000);
        Assert.InRange(water.GetProperty("area").GetProperty("square_metres").GetDouble() / truth, 0.999, 1.001);
        Assert.Contains(report.GetProperty("overlaps").GetProperty("features").EnumerateArray(),
            f => f.GetProperty("properties").GetProperty("layer").GetString() == "water");
    }

    [Fact]
    public async Task Overlaps_under_the_tolerance_are_listed_as_slivers_and_do_not_decide_the_verdict()
    {
        var (_, report) = await PostAsync(Utf8(Square(132.45, 45.10, 50)), "application/geo+json", "?tolerance=5000");
        var parcel = report.GetProperty("parcels")[0];

        Assert.Empty(parcel.GetProperty("conflicts").GetProperty("water_bodies").EnumerateArray());
        Assert.Contains(parcel.GetProperty("slivers").EnumerateArray(), s => s.GetProperty("id").GetString() == "lake-1");
        Assert.DoesNotContain(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "WATER_OVERLAP");
    }

    [Fact]
    public async Task A_self_intersecting_parcel_is_reported_with_its_location_and_still_measured()
    {
        const string bowtie = """{"type":"Polygon","coordinates":[[[131.00,45.30],[131.01,45.31],[131.01,45.30],[131.00,45.31],[131.00,45.30]]]}""";

        var (response, report) = await PostAsync(Utf8(bowtie), "application/geo+json");
        var parcel = report.GetProperty("parcels")[0];
        var issue = parcel.GetProperty("validity").GetProperty("issues")[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(parcel.GetProperty("validity").GetProperty("valid").GetBoolean());
        Assert.Equal(131.005, issue.GetProperty("longitude").GetDouble(), 1e-6);
        Assert.Equal(45.305, issue.GetProperty("latitude").GetDouble(), 1e-4);
        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Contains(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "INVALID_GEOMETRY");
        Assert.True(parcel.GetProperty("ellipsoidal_area").GetProperty("square_metres").GetDouble() > 100_000);
    }

    [Fact]
    public async Task Geojson_in_gauss_kruger_northing_easting_order_measures_like_the_txt()
    {
        var file = LandParcelTxt.Parse(Example);
        var ring = string.Join(",", file.Parcels[1].Rings[0].Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.Northing:R},{p.Easting:R}]")));
        var feature = $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"二号地"},"geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]}}]}""";

        var (_, report) = await PostAsync(Utf8(feature), "application/geo+json", "?crs=http://www.opengis.net/def/crs/EPSG/0/4532");
        var parcel = report.GetProperty("parcels")[0];

        Assert.Equal("二号地", parcel.GetProperty("label").GetString());
        Assert.Equal(5_648.16, parcel.GetProperty("plane_area").GetProperty("square_metres").GetDouble());
        Assert.Equal(4532, parcel.GetProperty("gauss_kruger_zone").GetProperty("epsg").GetInt32());
    }

    [Fact]
    public async Task Wkt_is_read_and_an_industrial_project_outside_every_park_is_warned()
    {
        var (_, report) = await PostAsync(Utf8("POLYGON((131.60 45.70, 131.61 45.70, 131.61 45.71, 131.60 45.71, 131.60 45.70))"),
            "application/wkt", "?sector=bio_energy");

        Assert.Equal("wkt", report.GetProperty("format").GetString());
        Assert.Contains(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "OUTSIDE_PARKS");
    }

    [Fact]
    public async Task A_check_stores_nothing()
    {
        const string counts = "SELECT (SELECT count(*) FROM projects) || '/' || (SELECT string_agg(version::text, ',' ORDER BY layer) FROM layer_versions)";
        var before = await api.Database.ScalarAsync<string>(counts);

        var (txt, txtReport) = await PostAsync(Example, "text/plain");
        var (geojson, geojsonReport) = await PostAsync(Utf8(Square(132.45, 45.10, 2000)), "application/geo+json");

        // Both checks ran to a verdict, so nothing stored cannot be because nothing happened.
        Assert.Equal(HttpStatusCode.OK, txt.StatusCode);
        Assert.Equal(HttpStatusCode.OK, geojson.StatusCode);
        Assert.Equal(2, txtReport.GetProperty("parcel_count").GetInt32());
        Assert.False(string.IsNullOrEmpty(geojsonReport.GetProperty("verdict").GetString()));
        Assert.Equal(before, await api.Database.ScalarAsync<string>(counts));
    }

    [Fact]
    public async Task The_report_prints_as_a_chinese_html_page()
    {
        using var content = new ByteArrayContent(Example);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks?f=html", UriKind.Relative), content);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("用地核查报告", html, StringComparison.Ordinal);
        Assert.Contains("53418.81 m²", html, StringComparison.Ordinal);
        Assert.Contains("鸡冠区 100%", html, StringComparison.Ordinal);
    }
}
