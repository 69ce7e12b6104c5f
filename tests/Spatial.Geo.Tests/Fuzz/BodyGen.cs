using System.Globalization;
using System.Text;
using CsCheck;

namespace Spatial.Geo.Tests.Fuzz;

/// <summary>Where generated coordinates lie and in which axis order they are written (x first).</summary>
public sealed record Frame(string? CrsUri, double X, double Y, double Scale)
{
    public static readonly Frame LonLat = new(null, 131.0, 45.3, 0.01);
    public static readonly Frame LatLon = new("http://www.opengis.net/def/crs/EPSG/0/4490", 45.3, 131.0, 0.01);
    public static readonly Frame GaussKrugerZone44 = new("http://www.opengis.net/def/crs/EPSG/0/4532", 5_018_300, 44_419_100, 300);
    public static readonly Frame WebMercator = new("http://www.opengis.net/def/crs/EPSG/0/3857", 14_580_000, 5_660_000, 1000);
    public static readonly Frame Faraway = new(null, 10, -80, 5);

    public static readonly Gen<Frame> Any = Gen.Frequency(
        (6, Gen.Const(LonLat)), (2, Gen.Const(LatLon)), (2, Gen.Const(GaussKrugerZone44)), (1, Gen.Const(WebMercator)), (1, Gen.Const(Faraway)));
}

/// <summary>
/// Geometry bodies and literals: structured generators for WKT, GeoJSON and the land-parcel TXT that
/// produce mostly valid inputs (convex rings around a centre, holes inside, parts beside), with
/// structural mistakes (open rings, bow ties, wrong nesting, wrong JSON types) and then text mutations.
/// </summary>
public static class BodyGen
{
    private static readonly string[] WktTypes = ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"];

    /// <summary>An abstract geometry: a type and its rings/lines/points as (x, y) number texts.</summary>
    public sealed record Shape(string Type, IReadOnlyList<IReadOnlyList<IReadOnlyList<(string X, string Y)>>> Parts, IReadOnlyList<Shape> Members);

    private static Gen<string> Number(double centre, double spread) => Gen.Frequency(
        (30, Gen.Double[-spread, spread].Select(d => Hostile.Format(Math.Round(centre + d, 7)))),
        (1, Hostile.NumberText));

    /// <summary>A ring of 3–8 corners at increasing angles (convex, so valid), closed unless told otherwise; sometimes a bow tie or open.</summary>
    public static Gen<IReadOnlyList<(string X, string Y)>> Ring(Frame frame, double radius) =>
        from cx in Gen.Double[-frame.Scale, frame.Scale]
        from cy in Gen.Double[-frame.Scale, frame.Scale]
        from angles in Gen.Double[0, 2 * Math.PI].Array[3, 8]
        from defect in Gen.Frequency((30, Gen.Const("none")), (1, Gen.Const("open")), (1, Gen.Const("bowtie")), (1, Gen.Const("short")), (1, Gen.Const("repeat")))
        from hostile in Gen.Int[0, 40]
        from bad in Hostile.NumberText
        select (IReadOnlyList<(string, string)>)Corners(frame, cx, cy, radius, angles, defect, hostile == 0 ? bad : null);

    private static List<(string, string)> Corners(Frame frame, double cx, double cy, double radius, double[] angles, string defect, string? bad)
    {
        Array.Sort(angles);
        var points = angles.Select(a => (Hostile.Format(Math.Round(frame.X + cx + radius * frame.Scale * Math.Cos(a), 7)),
            Hostile.Format(Math.Round(frame.Y + cy + radius * frame.Scale * Math.Sin(a), 7)))).ToList();
        if (defect == "bowtie" && points.Count >= 4) (points[1], points[2]) = (points[2], points[1]);
        if (defect == "repeat") points.Insert(1, points[0]);
        if (defect != "open") points.Add(points[0]);
        if (defect == "short") points = points.Take(2).ToList();
        if (bad is not null) points[points.Count / 2] = (bad, points[points.Count / 2].Item2);
        return points;
    }

    private static Gen<IReadOnlyList<IReadOnlyList<(string X, string Y)>>> PolygonRings(Frame frame) =>
        from shell in Ring(frame, 1)
        from holes in Gen.Int[0, 1]
        from hole in Ring(frame with { Scale = frame.Scale / 20 }, 0.2)
        select (IReadOnlyList<IReadOnlyList<(string, string)>>)(holes == 0 ? [shell] : [shell, hole]);

    private static Gen<IReadOnlyList<(string X, string Y)>> Line(Frame frame) =>
        Gen.Select(Number(frame.X, frame.Scale), Number(frame.Y, frame.Scale)).Array[1, 6].Select(a => (IReadOnlyList<(string, string)>)a);

    public static Gen<Shape> AnyShape(Frame frame) => Gen.Recursive<Shape>((depth, self) =>
    {
        var point = Line(frame).Select(l => new Shape("POINT", [[l.Take(1).ToList()]], []));
        var line = Line(frame).Select(l => new Shape("LINESTRING", [[l]], []));
        var polygon = PolygonRings(frame).Select(r => new Shape("POLYGON", [r], []));
        var multiPoint = Line(frame).Select(l => new Shape("MULTIPOINT", [[l]], []));
        var multiLine = Line(frame).Array[1, 3].Select(ls => new Shape("MULTILINESTRING", [ls], []));
        var multiPolygon = PolygonRings(frame).Array[1, 3].Select(ps => new Shape("MULTIPOLYGON", ps, []));
        var collection = self.Array[0, 3].Select(ms => new Shape("GEOMETRYCOLLECTION", [], ms));
        return depth > 2
            ? Gen.OneOf(point, polygon)
            : Gen.Frequency((2, point), (2, line), (8, polygon), (1, multiPoint), (1, multiLine), (4, multiPolygon), (1, collection));
    });

    /// <summary>Polygons mostly: what a footprint body or a filter literal usually is.</summary>
    public static Gen<Shape> Footprint(Frame frame) => Gen.Frequency(
        (8, PolygonRings(frame).Select(r => new Shape("POLYGON", [r], []))),
        (3, PolygonRings(frame).Array[1, 3].Select(ps => new Shape("MULTIPOLYGON", ps, []))),
        (2, AnyShape(frame)));

    // ---- WKT ----

    public static Gen<string> Wkt(Frame frame) =>
        from shape in Gen.Frequency((12, Footprint(frame)), (1, DeepCollection(frame)))
        from upper in Gen.Bool
        from spaced in Gen.Bool
        from dimension in Gen.Frequency((10, Gen.Const("")), (1, Gen.OneOfConst(" Z", " M", " ZM", "Z", " EMPTY")))
        select WktOf(shape, upper, spaced, dimension);

    private static Gen<Shape> DeepCollection(Frame frame) =>
        Gen.Int[10, 400].Select(depth =>
        {
            var shape = new Shape("POINT", [[[(Hostile.Format(frame.X), Hostile.Format(frame.Y))]]], []);
            for (var i = 0; i < depth; i++) shape = new Shape("GEOMETRYCOLLECTION", [], [shape]);
            return shape;
        });

    public static string WktOf(Shape shape, bool upper = true, bool spaced = true, string dimension = "")
    {
        var text = new StringBuilder();
        Write(shape, text, spaced, dimension);
        return upper ? text.ToString() : text.ToString().ToLowerInvariant();
    }

    private static void Write(Shape shape, StringBuilder text, bool spaced, string dimension)
    {
        text.Append(shape.Type).Append(dimension == " EMPTY" && shape.Type != "GEOMETRYCOLLECTION" ? "" : dimension).Append(spaced ? " " : "");
        if (dimension == " EMPTY") return;
        string Positions(IEnumerable<(string X, string Y)> ps) => string.Join(spaced ? ", " : ",", ps.Select(p => $"{p.X} {p.Y}"));
        string Rings(IEnumerable<IReadOnlyList<(string X, string Y)>> rings) => string.Join(", ", rings.Select(r => $"({Positions(r)})"));
        switch (shape.Type)
        {
            case "POINT" or "LINESTRING" or "MULTIPOINT":
                text.Append('(').Append(Positions(shape.Parts[0][0])).Append(')');
                break;
            case "POLYGON" or "MULTILINESTRING":
                text.Append('(').Append(Rings(shape.Parts[0])).Append(')');
                break;
            case "MULTIPOLYGON":
                text.Append('(').Append(string.Join(", ", shape.Parts.Select(p => $"({Rings(p)})"))).Append(')');
                break;
            default:
                if (shape.Members.Count == 0)
                {
                    text.Append("EMPTY");
                    break;
                }
                text.Append('(');
                for (var i = 0; i < shape.Members.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    Write(shape.Members[i], text, spaced, "");
                }
                text.Append(')');
                break;
        }
    }

    // ---- GeoJSON ----

    /// <summary>A GeoJSON geometry object, with wrong JSON types and nesting mixed in.</summary>
    public static Gen<string> GeoJsonGeometry(Frame frame) =>
        from shape in Footprint(frame)
        from defect in Gen.Frequency((10, Gen.Const("none")), (1, Gen.OneOfConst("type-number", "type-null", "type-array", "type-object",
            "coordinates-string", "coordinates-number", "coordinates-object", "deeper", "shallower", "numbers-as-strings", "no-coordinates",
            "unknown-type", "huge", "lowercase-type")))
        select GeoJsonOf(shape, defect);

    /// <summary>A footprint body: a geometry, a Feature or a FeatureCollection, sometimes with wrong types around the geometry.</summary>
    public static Gen<string> GeoJsonBody(Frame frame) =>
        from geometry in GeoJsonGeometry(frame)
        from more in GeoJsonGeometry(frame)
        from label in Hostile.Text
        from wrapper in Gen.Frequency((4, Gen.Const("geometry")), (3, Gen.Const("feature")), (3, Gen.Const("collection")),
            (1, Gen.OneOfConst("features-not-array", "feature-is-number", "geometry-null", "empty-collection", "array-root", "string-root", "deep")))
        select Wrap(geometry, more, label, wrapper);

    private static string Wrap(string geometry, string more, string label, string wrapper)
    {
        var name = System.Text.Json.JsonSerializer.Serialize(label, Spatial.Geo.Tests.Fuzz.FuzzJson.Options);
        var feature = $$"""{"type":"Feature","id":{{name}},"properties":{"name_zh":{{name}}},"geometry":{{geometry}}}""";
        return wrapper switch
        {
            "geometry" => geometry,
            "feature" => feature,
            "collection" => $$"""{"type":"FeatureCollection","features":[{{feature}},{"type":"Feature","properties":null,"geometry":{{more}}}]}""",
            "features-not-array" => """{"type":"FeatureCollection","features":{"type":"Feature"}}""",
            "feature-is-number" => """{"type":"FeatureCollection","features":[5, "x", null]}""",
            "geometry-null" => """{"type":"Feature","properties":{},"geometry":null}""",
            "empty-collection" => """{"type":"FeatureCollection","features":[]}""",
            "array-root" => $"[{geometry}]",
            "string-root" => name,
            _ => new string('[', 70) + new string(']', 70),
        };
    }

    public static string GeoJsonOf(Shape shape, string defect = "none")
    {
        string Position((string X, string Y) p) => defect == "numbers-as-strings" ? $"[\"{p.X}\",\"{p.Y}\"]" : $"[{Json(p.X)},{Json(p.Y)}]";
        string Positions(IEnumerable<(string X, string Y)> ps) => "[" + string.Join(",", ps.Select(Position)) + "]";
        string Rings(IEnumerable<IReadOnlyList<(string X, string Y)>> rings) => "[" + string.Join(",", rings.Select(Positions)) + "]";
        var type = shape.Type switch
        {
            "POINT" => "Point", "LINESTRING" => "LineString", "POLYGON" => "Polygon", "MULTIPOINT" => "MultiPoint",
            "MULTILINESTRING" => "MultiLineString", "MULTIPOLYGON" => "MultiPolygon", _ => "GeometryCollection",
        };
        if (type == "GeometryCollection")
            return $$"""{"type":"GeometryCollection","geometries":[{{string.Join(",", shape.Members.Select(m => GeoJsonOf(m, defect)))}}]}""";
        var coordinates = shape.Type switch
        {
            "POINT" => Position(shape.Parts[0][0][0]),
            "LINESTRING" or "MULTIPOINT" => Positions(shape.Parts[0][0]),
            "POLYGON" or "MULTILINESTRING" => Rings(shape.Parts[0]),
            _ => "[" + string.Join(",", shape.Parts.Select(Rings)) + "]",
        };
        coordinates = defect switch
        {
            "coordinates-string" => "\"" + coordinates.Replace("\"", "", StringComparison.Ordinal) + "\"",
            "coordinates-number" => "5",
            "coordinates-object" => "{\"x\":" + coordinates + "}",
            "deeper" => "[" + coordinates + "]",
            "shallower" => coordinates.Length > 2 && coordinates[1] == '[' ? coordinates[1..^1] : "[]",
            "huge" => coordinates.Replace(",", ",1e400,", StringComparison.Ordinal),
            _ => coordinates,
        };
        var typeJson = defect switch
        {
            "type-number" => "5", "type-null" => "null", "type-array" => "[\"Polygon\"]", "type-object" => "{\"type\":\"Polygon\"}",
            "unknown-type" => "\"Polygone\"", "lowercase-type" => $"\"{type.ToLowerInvariant()}\"", _ => $"\"{type}\"",
        };
        return defect == "no-coordinates" ? $$"""{"type":{{typeJson}}}""" : $$"""{"type":{{typeJson}},"coordinates":{{coordinates}}}""";
    }

    /// <summary>A number text as a JSON token: valid JSON numbers as they are, anything else as a string (itself a wrong type).</summary>
    private static string Json(string number) =>
        double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && number.Length > 0
        && (char.IsAsciiDigit(number[0]) || number[0] == '-') && !number.Contains("Infinity", StringComparison.Ordinal)
        && !number.EndsWith('.') && !number.Contains("..", StringComparison.Ordinal) && !number.StartsWith("-.", StringComparison.Ordinal)
            ? number
            : System.Text.Json.JsonSerializer.Serialize(number, FuzzJson.Options);

    // ---- Land-parcel TXT ----

    /// <summary>A 界址点坐标 TXT file: header choices, 1–3 parcels of 1–3 rings (shell, hole, further part), Chinese field values.</summary>
    public static Gen<string> LandParcelTxt() =>
        from system in Gen.Frequency((20, Gen.Const("2000国家大地坐标系")), (3, Gen.OneOfConst("80国家大地坐标系", "1980西安坐标系", "54北京坐标系")),
            (1, Gen.OneOfConst("", "WGS84", "新北京54", "鸡西地方坐标系")))
        from zone in Gen.Frequency((20, Gen.Const("44")), (1, Gen.OneOfConst("45", "43", "", "4 4", "-44", "99999999999", "四十四")))
        from prefixed in Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false)))
        from width in Gen.Frequency((20, Gen.Const("3")), (1, Gen.OneOfConst("6", "")))
        from parcels in Parcel(prefixed).Array[1, 3]
        from lineBreak in Gen.Frequency((10, Gen.Const("\n")), (8, Gen.Const("\r\n")), (1, Gen.Const("\r")))
        from extraHeader in Gen.Frequency((20, Gen.Const("")), (1, Gen.OneOfConst("[项目信息]\n项目名称=测试\n", "精度=3\n", "garbage line\n", "=\n")))
        select string.Join(lineBreak, new[]
        {
            extraHeader + "[属性描述]", "格式版本号=1.01版本", "数据产生单位=鸡西市自然资源局", "数据产生日期=2025-03-18", $"坐标系={system}",
            $"几度分带={width}", "投影类型=高斯克吕格", "计量单位=米", $"带号={zone}", "精度=0.001", "转换参数=,,,,,,", "[地块坐标]",
        }.Concat(parcels.SelectMany(p => p))) + lineBreak;

    private static Gen<string[]> Parcel(bool prefixed) =>
        from count in Gen.Frequency((15, Gen.Int[3, 20].Select(n => n.ToString(CultureInfo.InvariantCulture))), (1, Gen.OneOfConst("", "x", "-1", "99999999999")))
        from area in Gen.Frequency((15, Gen.Double[0.01, 20].Select(a => Math.Round(a, 4).ToString(CultureInfo.InvariantCulture))),
            (1, Gen.OneOfConst("", "0.7655公顷", "1e5", "-1", new string('9', 400), "NaN", "五")))
        from name in Gen.Frequency((4, Gen.OneOfConst("地块1", "JX-1", "")), (1, Hostile.Text.Select(t => t.Replace(",", "", StringComparison.Ordinal))))
        from rings in TxtRing(prefixed).Array[1, 3]
        from ringNumbers in Gen.Frequency((20, Gen.Const("natural")), (1, Gen.OneOfConst("no-one", "zero", "word")))
        select new[] { $"{count},{area},JX2025-001-1,{name},面,L52G065080,物流仓储用地,,@" }
            .Concat(rings.SelectMany((ring, i) => ring.Select((p, j) =>
                $"J{j + 1},{RingNumber(i, ringNumbers)},{p.N},{p.E}"))).ToArray();

    private static string RingNumber(int index, string scheme) => scheme switch
    {
        "no-one" => (index + 2).ToString(CultureInfo.InvariantCulture),
        "zero" => "0",
        "word" => "一",
        _ => (index + 1).ToString(CultureInfo.InvariantCulture),
    };

    private static Gen<(string N, string E)[]> TxtRing(bool prefixed) =>
        from ring in Ring(new Frame(null, 5_018_300, prefixed ? 44_419_100 : 419_100, 300), 1)
        select ring.Select(p => (p.X, p.Y)).ToArray();
}

/// <summary>JSON options for building test inputs (reflection-based serialization of strings).</summary>
public static class FuzzJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
