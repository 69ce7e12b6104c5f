using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Footprints;

/// <summary>
/// Perimeter, centroid and the declared-area check of the worked example (Data/jixi-example.txt, zone 44 with
/// the prefix: EPSG:4532), each against PostGIS measuring the file's own coordinates, and by hand where short.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class FootprintMeasureTests(ApiFixture api)
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    /// <summary>
    /// Each parcel of the file as WKT in its plane (x = easting with the prefix, y = northing), read here line by
    /// line rather than by the service's parser: a parcel starts at a line ending in '@', a point line is
    /// "name,ring,X(northing),Y(easting)".
    /// </summary>
    private static List<string> PlaneWkt(string txt)
    {
        var parcels = new List<SortedDictionary<int, List<string>>>();
        foreach (var line in txt.Split('\n').Select(l => l.Trim()).SkipWhile(l => l != "[地块坐标]").Skip(1))
        {
            var f = line.Split(',');
            if (line.EndsWith('@')) parcels.Add([]);
            else if (f.Length == 4 && parcels.Count > 0)
            {
                var ring = int.Parse(f[1], CultureInfo.InvariantCulture);
                if (!parcels[^1].TryGetValue(ring, out var points)) parcels[^1][ring] = points = [];
                points.Add($"{f[3]} {f[2]}");
            }
        }
        return parcels.Select(p => "POLYGON(" + string.Join(",", p.Values.Select(r => "(" + string.Join(",", r) + ")")) + ")").ToList();
    }

    private async Task<JsonElement> PostTxtAsync(string txt)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(txt));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed record Truth(double PlanePerimeter, double EllipsoidalPerimeter, double Lon, double Lat, double PlaneArea);

    private async Task<Truth> MeasureAsync(string wkt) => (await api.Database.RowsAsync("""
        SELECT ST_Perimeter(g), ST_Perimeter(ST_Transform(g, 4490)::geography), ST_X(c), ST_Y(c), ST_Area(g)
        FROM (SELECT g, ST_Centroid(ST_Transform(g, 4490)) AS c FROM (SELECT ST_GeomFromText($1, 4532) AS g) x) y
        """, r => new Truth(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)), wkt)).Single();

    [Fact]
    public async Task Each_parcels_perimeter_and_centroid_are_those_postgis_measures_on_the_files_coordinates()
    {
        var wkt = PlaneWkt(Example);
        var parcels = (await PostTxtAsync(Example)).GetProperty("parcels").EnumerateArray().ToList();

        Assert.Equal(2, wkt.Count);
        Assert.Equal(wkt.Count, parcels.Count);
        foreach (var (parcel, outline) in parcels.Zip(wkt))
        {
            var truth = await MeasureAsync(outline);
            Assert.Equal(truth.PlanePerimeter, parcel.GetProperty("perimeter_m").GetDouble(), 0.001);
            // The service's lon/lat come from ProjNet, PostGIS's from PROJ: they agree within a millimetre a vertex.
            Assert.Equal(truth.EllipsoidalPerimeter, parcel.GetProperty("ellipsoidal_perimeter_m").GetDouble(), 0.01);
            Assert.Equal(truth.Lon, parcel.GetProperty("centroid").GetProperty("longitude").GetDouble(), 2e-7);
            Assert.Equal(truth.Lat, parcel.GetProperty("centroid").GetProperty("latitude").GetDouble(), 2e-7);
        }
        // 地块1 has a hole: its perimeter counts both rings, like ST_Perimeter.
        Assert.Contains("),(", wkt[0], StringComparison.Ordinal);
        Assert.True(parcels[0].GetProperty("perimeter_m").GetDouble() > 800);
        // 地块2 by hand: sides √(2.413² + 87.615²) = 87.648, √(63.544² + 2.851²) = 63.608, √(3.565² + 88.327²) = 88.399,
        // √(64.696² + 2.139²) = 64.731 m; together 304.386 m.
        Assert.Equal(304.386, parcels[1].GetProperty("perimeter_m").GetDouble(), 0.001);
    }

    [Fact]
    public async Task A_declared_area_larger_than_the_outline_is_a_mismatch_with_a_negative_difference()
    {
        // 地块2 declares 0.5700 ha; its outline has 5 648.16 m² (shoelace by hand, in exact decimals: 5 648.158075 m²), so the outline is 51.84 m² short.
        var txt = Example.Replace("5,0.5648,JX2025-001-2,地块2", "5,0.5700,JX2025-001-2,地块2", StringComparison.Ordinal);
        Assert.NotEqual(Example, txt);
        var plane = (await MeasureAsync(PlaneWkt(txt)[1])).PlaneArea;

        var report = await PostTxtAsync(txt);
        var parcel = report.GetProperty("parcels")[1];
        var declared = parcel.GetProperty("declared_area");
        var reason = Assert.Single(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "DECLARED_AREA_MISMATCH");

        Assert.Equal(5_648.158075, plane, 1e-6);
        Assert.Equal(0.57, declared.GetProperty("hectares").GetDouble());
        Assert.Equal(Math.Round(plane - 5_700, 2), declared.GetProperty("difference_m2").GetDouble(), 0.005);
        Assert.Equal(-51.84, declared.GetProperty("difference_m2").GetDouble(), 0.005);
        Assert.Equal(-0.0052, declared.GetProperty("difference_hectares").GetDouble(), 1e-9);
        Assert.Equal("warn", reason.GetProperty("severity").GetString());
        Assert.Equal([2], reason.GetProperty("parcels").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal("地块2 declares 0.5700 ha; its coordinates give 0.5648 ha.", reason.GetProperty("message_en").GetString());
        Assert.Equal("warn", parcel.GetProperty("verdict").GetString());
        Assert.Equal("warn", report.GetProperty("verdict").GetString());
        Assert.Equal(5.3419 + 0.57, report.GetProperty("declared_hectares").GetDouble(), 1e-9);
    }
}
