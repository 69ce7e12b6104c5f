// Property-based tests of the library-backed GeoJSON reader and writer (NetTopologySuite.IO.GeoJSON4STJ behind
// our checks). SPATIAL_FUZZ_ITERATIONS sets the cases per property, as in GeoParserFuzzTests.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Spatial.Geo.Tests.Fuzz;

public sealed class GeoJsonFuzzTests
{
    private static readonly int[] Srids = [4490, 4326, 4532, 3857];

    [Fact]
    public void A_geometry_written_and_read_back_is_the_same_geometry()
    {
        var geometries = from frame in Frame.Any from srid in Gen.OneOfConst(Srids) from g in NtsGen.Geometry(frame, Geometries.ForSrid(srid)) select g;
        geometries.Sample(geometry =>
        {
            var json = GeoJson.ToJson(geometry, 7);
            using var document = JsonDocument.Parse(json);

            var again = GeoJson.ReadGeometry(document.RootElement, geometry.Factory);

            Assert.True(geometry.EqualsExact(again), $"{geometry} → {json} → {again}");
            Assert.Equal(geometry.SRID, again.SRID);
        }, iter: Hostile.Iterations(1500), print: g => g.ToString());
    }

    [Fact]
    public void Any_json_is_a_two_dimensional_geometry_or_a_geojson_error_at_a_path_that_exists()
    {
        JsonGen.GeometryLike.Sample(json =>
        {
            var (parsed, _) = JsonInput.Parse(json); // how client JSON reaches the reader: strings known to decode, depth bounded
            if (parsed is null) return;
            using var document = parsed;
            try
            {
                var geometry = GeoJson.ReadGeometry(document.RootElement, Geometries.LonLat);
                Assert.All(geometry.Coordinates, c => Assert.True(double.IsFinite(c.X) && double.IsFinite(c.Y) && double.IsNaN(c.Z), Hostile.Show(json)));
            }
            catch (GeoJsonException e)
            {
                Assert.NotEqual("not a GeoJSON geometry", e.Reason); // the library found something our checks let through
                Assert.True(JsonGen.Exists(document.RootElement, e.Path), $"{e.Message} in {Hostile.Show(json)}");
            }
        }, iter: Hostile.Iterations(2000), print: Hostile.Show);
    }

    [Fact]
    public void Any_json_is_a_feature_or_a_geojson_error_at_a_path_that_exists()
    {
        JsonGen.FeatureLike.Sample(json =>
        {
            var (parsed, _) = JsonInput.Parse(json); // how client JSON reaches the reader: strings known to decode, depth bounded
            if (parsed is null) return;
            using var document = parsed;
            try
            {
                var feature = GeoJson.ReadFeature(document.RootElement, Geometries.LonLat);
                var properties = document.RootElement.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                    ? p.EnumerateObject().Select(m => m.Name).ToList()
                    : [];
                Assert.Equal(properties, feature.Properties.Keys);
            }
            catch (GeoJsonException e)
            {
                Assert.NotEqual("not a GeoJSON geometry", e.Reason);
                Assert.True(JsonGen.Exists(document.RootElement, e.Path), $"{e.Message} in {Hostile.Show(json)}");
            }
        }, iter: Hostile.Iterations(1500), print: Hostile.Show);
    }

    [Fact]
    public void What_the_reader_accepts_is_what_the_nts_wkt_reader_reads_from_the_same_shape()
    {
        var wktReader = new WKTReader(NtsGeometryServices.Instance);
        Frame.Any.SelectMany(BodyGen.AnyShape).Sample(shape =>
        {
            var json = BodyGen.GeoJsonOf(shape);
            var (document, _) = JsonInput.Parse(json);
            if (document is null) return;
            using (document)
            {
                Geometry geometry;
                try
                {
                    geometry = GeoJson.ReadGeometry(document.RootElement, Geometries.LonLat);
                }
                catch (GeoJsonException)
                {
                    return;
                }
                var expected = wktReader.Read(BodyGen.WktOf(shape));
                Assert.True(expected.EqualsExact(geometry), $"{json} → {geometry}, WKT reads {expected}");
            }
        }, iter: Hostile.Iterations(1500), print: shape => BodyGen.GeoJsonOf(shape));
    }
}

/// <summary>NTS geometries with coordinates of at most 7 decimals (so writing them with 7 loses nothing).</summary>
internal static class NtsGen
{
    private static Gen<Coordinate> Position(Frame frame) =>
        Gen.Select(Gen.Double[-frame.Scale, frame.Scale], Gen.Double[-frame.Scale, frame.Scale],
            (dx, dy) => new Coordinate(Math.Round(frame.X + dx, 7), Math.Round(frame.Y + dy, 7)));

    private static Gen<LinearRing> Ring(Frame frame, GeometryFactory factory, double radius) =>
        from cx in Gen.Double[-frame.Scale, frame.Scale]
        from cy in Gen.Double[-frame.Scale, frame.Scale]
        from angles in Gen.Double[0, 2 * Math.PI].Array[3, 8]
        from clockwise in Gen.Bool
        select factory.CreateLinearRing(Corners(frame, cx, cy, radius, angles, clockwise));

    private static Coordinate[] Corners(Frame frame, double cx, double cy, double radius, double[] angles, bool clockwise)
    {
        Array.Sort(angles);
        if (clockwise) Array.Reverse(angles);
        var corners = angles.Select(a => new Coordinate(Math.Round(frame.X + cx + radius * frame.Scale * Math.Cos(a), 7),
            Math.Round(frame.Y + cy + radius * frame.Scale * Math.Sin(a), 7))).ToList();
        corners.Add(corners[0].Copy());
        return corners.ToArray();
    }

    private static Gen<Polygon> Polygon(Frame frame, GeometryFactory factory) =>
        from shell in Ring(frame, factory, 1)
        from holes in Ring(frame with { Scale = frame.Scale / 20 }, factory, 0.2).Array[0, 2]
        select factory.CreatePolygon(shell, holes);

    public static Gen<Geometry> Geometry(Frame frame, GeometryFactory factory) => Gen.Recursive<Geometry>((depth, self) =>
    {
        var point = Position(frame).Select(c => (Geometry)factory.CreatePoint(c));
        var line = Position(frame).Array[2, 6].Select(cs => (Geometry)factory.CreateLineString(cs));
        var polygon = Polygon(frame, factory).Select(p => (Geometry)p);
        var multiPoint = Position(frame).Array[0, 5].Select(cs => (Geometry)factory.CreateMultiPointFromCoords(cs));
        var multiLine = Position(frame).Array[2, 4].Array[0, 3].Select(ls => (Geometry)factory.CreateMultiLineString(ls.Select(l => factory.CreateLineString(l)).ToArray()));
        var multiPolygon = Polygon(frame, factory).Array[0, 3].Select(ps => (Geometry)factory.CreateMultiPolygon(ps));
        var collection = self.Array[0, 3].Select(ms => (Geometry)factory.CreateGeometryCollection(ms));
        return depth > 2
            ? Gen.OneOf(point, polygon)
            : Gen.Frequency((2, point), (2, line), (6, polygon), (1, multiPoint), (1, multiLine), (3, multiPolygon), (2, collection));
    });
}

/// <summary>
/// JSON a client might send where a geometry or feature is expected: valid GeoJSON with one value replaced by
/// arbitrary JSON, a member doubled or dropped, or arbitrary JSON built from GeoJSON's own names.
/// </summary>
internal static class JsonGen
{
    private static readonly string[] Names = ["type", "coordinates", "geometries", "bbox", "id", "properties", "geometry", "features", "名称", "a b"];
    private static readonly string[] Words = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
        "Feature", "FeatureCollection", "point", " Point", "1", "Point, Polygon", ""];

    private static readonly Gen<string> Number = Gen.Frequency(
        (6, Gen.Double[-200, 200].Select(d => Math.Round(d, 3).ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.OneOfConst("1e400", "-1e400", "1e-400", "0", "-0", "131", "45", "1.7976931348623157E+308", "5e-324")));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Number),
        (2, Gen.OneOfConst(Words).Select(Quoted)),
        (1, Hostile.Text.Select(Quoted)),
        (1, Gen.OneOfConst("null", "true", "false", "{}", "[]")));

    /// <summary>Arbitrary JSON values, their objects keyed mostly by GeoJSON's names, arrays mostly of numbers and arrays.</summary>
    public static readonly Gen<string> Value = Gen.Recursive<string>((depth, self) =>
    {
        if (depth > 5) return Scalar;
        var array = Gen.Frequency((3, self), (2, Number)).Array[0, 5].Select(items => "[" + string.Join(",", items) + "]");
        var member = Gen.Select(Gen.Frequency((5, Gen.OneOfConst(Names)), (1, Hostile.Text)), self, (name, value) => Quoted(name) + ":" + value);
        var obj = member.Array[0, 4].Select(members => "{" + string.Join(",", members) + "}");
        return Gen.Frequency((3, Scalar), (3, array), (2, obj));
    });

    public static readonly Gen<string> GeometryLike = Gen.Frequency(
        (6, Frame.Any.SelectMany(BodyGen.GeoJsonGeometry).SelectMany(Edited)),
        (1, Value));

    public static readonly Gen<string> FeatureLike = Gen.Frequency(
        (6, Frame.Any.SelectMany(BodyGen.GeoJsonGeometry).Select(g => $$"""{"type":"Feature","id":"JX-1","properties":{"name_zh":"地块","area":1.5},"geometry":{{g}}}""").SelectMany(Edited)),
        (1, Value));

    /// <summary>The document with one value replaced by arbitrary JSON, one member dropped or doubled, or as it is.</summary>
    private static Gen<string> Edited(string json)
    {
        var (document, _) = JsonInput.Parse(json);
        if (document is null) return Gen.Const(json);
        document.Dispose();
        var nodes = Descendants(Node(json)).ToList();
        return Gen.Frequency(
            (1, Gen.Const(json)),
            (4, Gen.Select(Gen.Int[0, nodes.Count - 1], Value, (at, value) => Replaced(json, at, value))),
            (1, Gen.Int[0, nodes.Count - 1].Select(at => Replaced(json, at, null))),
            (1, Gen.Select(Gen.OneOfConst(Names), Value, (name, value) => "{" + Quoted(name) + ":" + value + "," + json.TrimStart()[1..])));
    }

    private static string Replaced(string json, int at, string? value)
    {
        var root = Node(json);
        var node = Descendants(root).ElementAt(at);
        var replacement = value is null ? null : Node(value);
        switch (node.Parent)
        {
            case JsonObject parent:
                var name = node.GetPropertyName();
                if (value is null) parent.Remove(name);
                else parent[name] = replacement;
                break;
            case JsonArray parent:
                var index = node.GetElementIndex();
                if (value is null) parent.RemoveAt(index);
                else parent[index] = replacement;
                break;
            default:
                return value ?? "null";
        }
        return root.ToJsonString();
    }

    private static JsonNode Node(string json) => JsonNode.Parse(json, null, new JsonDocumentOptions { MaxDepth = 256 })!;

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(m => m.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var descendant in Descendants(child))
                yield return descendant;
    }

    private static string Quoted(string text) => JsonSerializer.Serialize(text, FuzzJson.Options);

    /// <summary>
    /// Whether <paramref name="path"/> (<c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[3]</c>) leads to a value of the
    /// document, or to a member missing from an object of it (the path of a required member that is not there).
    /// </summary>
    public static bool Exists(JsonElement root, string path)
    {
        if (!path.StartsWith('$')) return false;
        var current = root;
        var at = 1;
        while (at < path.Length)
        {
            string? name = null;
            int? index = null;
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? path.Length : end;
                name = path[(at + 1)..end];
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['"))
            {
                var end = path.IndexOf("']", at, StringComparison.Ordinal);
                name = path[(at + 2)..end].Replace("\\'", "'", StringComparison.Ordinal);
                at = end + 2;
            }
            else if (path[at] == '[')
            {
                var end = path.IndexOf(']', at);
                index = int.Parse(path[(at + 1)..end], CultureInfo.InvariantCulture);
                at = end + 1;
            }
            else return false;
            if (name is not null)
            {
                if (current.ValueKind != JsonValueKind.Object) return false;
                if (!current.TryGetProperty(name, out var next)) return at == path.Length;
                current = next;
            }
            else
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength()) return false;
                current = current[index!.Value];
            }
        }
        return true;
    }
}
