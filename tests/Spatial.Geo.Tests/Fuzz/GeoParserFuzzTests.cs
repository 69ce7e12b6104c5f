// Property-based fuzzing of the pure geometry parsers (no database). SPATIAL_FUZZ_ITERATIONS sets the
// cases per property (default: 1000–2000 each). A million pure cases: the 5 properties here and the 6 in
// tests/Spatial.Api.Tests/Fuzz/ParserFuzzTests.cs at 91 000 each (11 × 91 000 = 1 001 000), about 12 min on a busy 2-core machine:
//   export SPATIAL_FUZZ_ITERATIONS=91000
//   dotnet test tests/Spatial.Geo.Tests -c Release --filter "FullyQualifiedName~GeoParserFuzzTests"
//   dotnet test tests/Spatial.Api.Tests -c Release --filter "FullyQualifiedName~Fuzz.ParserFuzzTests"
// A failure prints the shrunk input and a seed; CsCheck_Seed=<seed> replays it.
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CsCheck;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Spatial.Geo.Tests.Fuzz;

public sealed class GeoParserFuzzTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    private static readonly GeometryFactory Factory = Geometries.LonLat;

    private static void Timed(string input, Action read)
    {
        var clock = Stopwatch.StartNew();
        read();
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalSeconds:0.0} s: {Hostile.Show(input)}");
    }

    [Fact]
    public void Wkt_is_a_geometry_that_round_trips_or_a_wkt_format_error()
    {
        Frame.Any.SelectMany(BodyGen.Wkt).Mutate().Sample(wkt => Timed(wkt, () =>
        {
            Geometry geometry;
            try
            {
                geometry = WktParser.Read(wkt, Factory);
            }
            catch (WktFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Reason));
                Assert.InRange(e.Position, 0, wkt.Length);
                return;
            }
            Assert.All(geometry.Coordinates, c => Assert.True(double.IsFinite(c.X) && double.IsFinite(c.Y)));
            var again = WktParser.Read(new WKTWriter().Write(geometry), Factory);
            Assert.True(geometry.EqualsExact(again), $"{Hostile.Show(wkt)} → {geometry} → {again}");
        }), iter: Hostile.Iterations(1500), print: Hostile.Show);
    }

    [Fact]
    public void Geojson_is_a_geometry_that_round_trips_or_a_geojson_error_naming_the_path()
    {
        Frame.Any.SelectMany(BodyGen.GeoJsonGeometry).SometimesMutate().Sample(json => Timed(json, () =>
        {
            var (document, problem) = JsonInput.Parse(json);
            if (document is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(problem));
                return;
            }
            using (document)
            {
                Geometry geometry;
                try
                {
                    geometry = GeoJson.ReadGeometry(document.RootElement, Factory);
                }
                catch (GeoJsonException e)
                {
                    Assert.StartsWith("$", e.Path, StringComparison.Ordinal);
                    Assert.False(string.IsNullOrWhiteSpace(e.Reason));
                    return;
                }
                using var again = JsonDocument.Parse(GeoJson.ToJson(geometry, 12));
                var largest = geometry.Coordinates.Select(c => Math.Max(Math.Abs(c.X), Math.Abs(c.Y))).DefaultIfEmpty(0).Max();
                var tolerance = 1e-6 + 1e-12 * largest; // Math.Round's scaling error (a polygon's envelope leaves out its holes)
                Assert.True(geometry.EqualsExact(GeoJson.ReadGeometry(again.RootElement, Factory), tolerance), Hostile.Show(json));
            }
        }), iter: Hostile.Iterations(1500), print: Hostile.Show);
    }

    [Fact]
    public void A_land_parcel_txt_is_parcels_with_outlines_or_a_format_error_naming_line_or_field()
    {
        BodyGen.LandParcelTxt().Mutate().SelectMany(Hostile.Encoded).Sample(bytes =>
        {
            var shown = Hostile.Show(Encoding.UTF8.GetString(bytes));
            Timed(shown, () =>
            {
                try
                {
                    var file = LandParcelTxt.Parse(bytes);
                    Assert.Equal(GeodeticDatums.FromTxtSystem(file.Header["坐标系"], out _), file.Datum);
                    Assert.Equal(file.Srid, CrsIdentification.FromTxtHeader(file.Header, file.Zone.Zone, file.Prefixed, out _)?.Srid);
                    foreach (var parcel in file.Parcels)
                    {
                        var outline = ParcelOutlines.Build(parcel, file).Plane;
                        Assert.True(outline is Polygon or MultiPolygon, shown);
                        // The 界址点 table is the file's point lines, its edges the outline's perimeter; the '@' line's fields are trimmed text or absent.
                        var points = BoundaryPoints.Of(parcel);
                        Assert.Equal(parcel.PointCount, points.Count);
                        Assert.Equal(outline.Length, points.Sum(p => p.EdgeToNextM ?? 0), 1e-6 * Math.Max(1, outline.Length));
                        Assert.Equal(parcel.Rings.Count, points.Count(p => p.EdgeToNextM is null));
                        Assert.Equal(points.Count, BoundaryPoints.Of(outline).Count);
                        foreach (var field in new[] { parcel.Number, parcel.Name, parcel.Use, parcel.LandClass, parcel.MapSheet })
                            Assert.True(field is null || (field.Length > 0 && field.Trim() == field && !field.Contains(',', StringComparison.Ordinal)), shown);
                        Assert.True(double.IsFinite(parcel.DeclaredAreaHectares ?? 0), shown);
                        GaussKruger.ToLonLat(outline, file.Zone, file.Prefixed);
                    }
                }
                catch (LandParcelFormatException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Reason), shown);
                }
            });
        }, iter: Hostile.Iterations(1000), print: bytes => Hostile.Show(Encoding.UTF8.GetString(bytes)));
    }

    [Fact]
    public void Plain_text_refuses_exactly_what_postgresql_text_or_strict_utf8_cannot_carry()
    {
        Hostile.Char.Array[0, 20].Select(chars => new string(chars)).Sample(text =>
        {
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            var encodable = true;
            try
            {
                strict.GetBytes(text);
            }
            catch (EncoderFallbackException)
            {
                encodable = false;
            }
            var control = text.Any(c => c is < ' ' and not ('\t' or '\n' or '\r') || c is >= '\u007f' and <= '\u009f');
            var flaw = PlainText.Flaw(text);
            Assert.Equal(!encodable || control, flaw is not null);
            if (flaw is not null) Assert.True(char.IsControl(text[flaw.Index]) || char.IsSurrogate(text[flaw.Index]));
        }, iter: Hostile.Iterations(2000), print: Hostile.Show);
    }

    [Fact]
    public void Json_input_accepts_only_what_system_text_json_accepts_and_bounds_the_depth()
    {
        var nested = Gen.Int[1, 200].Select(n => new string('[', n) + new string(']', n));
        Gen.Frequency((3, Frame.Any.SelectMany(BodyGen.GeoJsonBody).SometimesMutate()), (1, nested)).Sample(json =>
        {
            var (document, problem) = JsonInput.Parse(json);
            using (document)
            {
                Assert.True(document is null != problem is null);
                if (problem is null) return;
                var utf8 = Encoding.UTF8.GetBytes(json);
                if (problem.Contains("is not valid", StringComparison.Ordinal))
                {
                    // System.Text.Json parses such a document and throws only when the string is read.
                    using var lenient = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 10_000 });
                    Assert.Throws<InvalidOperationException>(() => ReadEveryString(lenient.RootElement));
                    return;
                }
                var tooDeep = problem.Contains("nested deeper", StringComparison.Ordinal);
                var limit = new JsonDocumentOptions { MaxDepth = tooDeep ? JsonInput.MaxDepth : 10_000 };
                Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(utf8, limit).Dispose());
            }
        }, iter: Hostile.Iterations(1000), print: Hostile.Show);
    }

    private static void ReadEveryString(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) ReadEveryString(item);
                break;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    _ = member.Name;
                    ReadEveryString(member.Value);
                }
                break;
        }
    }
}
