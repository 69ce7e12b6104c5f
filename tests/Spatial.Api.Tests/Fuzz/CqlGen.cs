using System.Globalization;
using System.Text;
using CsCheck;
using Spatial.Api.Features.Collections;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Fuzz;

/// <summary>
/// CQL2 filters as trees over a collection's real queryables, rendered to cql2-text and cql2-json. Most
/// trees are well typed; some compare a property with a literal of another type, name an unknown
/// property, or use LIKE escapes, so both the parser and the type checker are exercised.
/// </summary>
public static class CqlGen
{
    public abstract record Node;
    public sealed record Prop(string Name) : Node;
    public sealed record Str(string Value) : Node;
    public sealed record Num(double Value) : Node;
    public sealed record Bool(bool Value) : Node;
    public sealed record Instant(string Text, bool Timestamp) : Node;
    public sealed record Geometry(BodyGen.Shape Shape) : Node;
    public sealed record Bbox(double[] Numbers) : Node;
    public sealed record Compare(string Op, Node Left, Node Right) : Node;
    public sealed record LikePattern(Node Value, Node Pattern) : Node;
    public sealed record Between(Node Value, Node Low, Node High) : Node;
    public sealed record InList(Node Value, Node[] List) : Node;
    public sealed record IsNull(Node Value) : Node;
    public sealed record Spatial(string Function, Node Left, Node Right) : Node;
    public sealed record Negation(Node Term) : Node;
    public sealed record Logical(string Op, Node[] Terms) : Node;

    public static readonly Gen<FeatureCollectionDefinition> Collection = Gen.Frequency(
        (3, Gen.Const(CollectionCatalog.Find("projects")!)), (2, Gen.OneOfConst(CollectionCatalog.All.ToArray())));

    private static readonly string[] Comparisons = ["=", "<>", "<", ">", "<=", ">="];
    private static readonly string[] SpatialFunctions = ["INTERSECTS", "DISJOINT", "WITHIN", "CONTAINS", "EQUALS", "OVERLAPS", "TOUCHES", "CROSSES"];

    private static readonly Gen<string> Words = Gen.Frequency(
        (8, Gen.OneOfConst("bio_energy", "230382", "jixi-2022", "鸡西", "密山市", "湖", "indicative", "ongoing", "", " ", "O'Brien", "x")),
        (1, Hostile.Text));

    private static readonly Gen<Node> Text = Words.Select(w => (Node)new Str(w));

    private static readonly Gen<Node> Number = Gen.Frequency(
        (4, Gen.Double[-1e6, 1e9].Select(d => Math.Round(d, 3))), (1, Gen.OneOfConst(0.0, -0.0, 1e300, -1e-300, double.MaxValue, 45.5, 131.2)))
        .Select(d => (Node)new Num(d));

    private static readonly Gen<Node> Time = Gen.Frequency(
        (4, Gen.OneOfConst("2020-01-01", "2024-05-01", "1970-01-01", "0001-01-01", "9999-12-31").Select(t => (Node)new Instant(t, false))),
        (4, Gen.OneOfConst("2024-05-01T08:00:00Z", "2000-01-01T00:00:00+08:00", "2024-05-01T08:00:00.123456Z", "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00").Select(t => (Node)new Instant(t, true))),
        (1, Hostile.Text.Select(t => (Node)new Instant(t, t.Length % 2 == 0))));

    private static readonly Gen<Node> Pattern = Gen.Frequency(
        (4, Gen.OneOfConst("%湖%", "bio\\_%", "%", "_", "", "100\\%", "a\\\\b", "%鸡西%").Select(p => (Node)new Str(p))),
        (2, Gen.OneOfConst("ends in \\", "\\", "\\x", "%\\", "\\\\\\").Select(p => (Node)new Str(p))),
        (1, Words.Select(w => (Node)new Str(w))));

    private static readonly Gen<Node> GeometryLiteral = Gen.Frequency(
        (3, BodyGen.Footprint(Frame.LonLat).Select(s => (Node)new Geometry(s))),
        (1, BodyGen.AnyShape(Frame.LonLat).Select(s => (Node)new Geometry(s))),
        (2, Gen.Double[-0.2, 0.2].Array[4].Select(d => (Node)new Bbox([130.9 + d[0], 45.2 + d[1], 131.1 + d[2], 45.4 + d[3]]))),
        (1, Gen.Double[-200, 200].Array[4, 4].Select(d => (Node)new Bbox(d))));

    private static Gen<Node> Literal(PropertyType type) => type switch
    {
        PropertyType.String or PropertyType.StringArray => Text,
        PropertyType.Number or PropertyType.Integer => Number,
        PropertyType.Boolean => Gen.Bool.Select(b => (Node)new Bool(b)),
        _ => Time,
    };

    private static Gen<Node> AnyLiteral => Gen.OneOf(Text, Number, Time, Gen.Bool.Select(b => (Node)new Bool(b)));

    private static Gen<(Node Property, PropertyType Type)> Property(FeatureCollectionDefinition c) => Gen.Frequency(
        (12, Gen.OneOfConst(c.Properties.ToArray()).Select(p => ((Node)new Prop(p.Name), p.Type))),
        (1, Gen.OneOfConst("nosuch", "geometry", "name zh", "名称", "t.id", "x'); DROP TABLE projects; --").Select(n => ((Node)new Prop(n), PropertyType.String))));

    /// <summary>A literal of the property's type, or (one time in six) of any type.</summary>
    private static Gen<Node> ValueFor(PropertyType type) => Gen.Frequency((5, Literal(type)), (1, AnyLiteral));

    private static Gen<Node> Predicate(FeatureCollectionDefinition c) => Property(c).SelectMany(p => Gen.Frequency(
        (6, Gen.Select(Gen.OneOfConst(Comparisons), ValueFor(p.Type), Gen.Bool,
            (op, value, flipped) => (Node)(flipped ? new Compare(op, value, p.Property) : new Compare(op, p.Property, value)))),
        (2, Pattern.Select(pattern => (Node)new LikePattern(p.Property, pattern))),
        (2, Gen.Select(ValueFor(p.Type), ValueFor(p.Type), (low, high) => (Node)new Between(p.Property, low, high))),
        (2, ValueFor(p.Type).Array[1, 4].Select(list => (Node)new InList(p.Property, list))),
        (1, Gen.Const((Node)new IsNull(p.Property))),
        (3, Gen.Select(Gen.OneOfConst(SpatialFunctions), GeometryLiteral, Gen.Bool,
            (fn, g, flipped) => (Node)(flipped ? new Spatial(fn, g, new Prop("geometry")) : new Spatial(fn, new Prop("geometry"), g))))));

    /// <summary>A filter tree of up to four levels of NOT, AND and OR over predicates.</summary>
    public static Gen<Node> Tree(FeatureCollectionDefinition c) => Gen.Recursive<Node>((depth, self) => depth > 3
        ? Predicate(c)
        : Gen.Frequency(
            (6, Predicate(c)),
            (1, self.Select(t => (Node)new Negation(t))),
            (2, Gen.Select(Gen.OneOfConst("and", "or"), self.Array[2, 4], (op, terms) => (Node)new Logical(op, terms)))));

    // ---- cql2-text ----

    public static string ToText(Node node) => node switch
    {
        Prop p => IsWord(p.Name) ? p.Name : $"\"{p.Name}\"",
        Str s => "'" + s.Value.Replace("'", "''", StringComparison.Ordinal) + "'",
        Num n => n.Value.ToString("R", CultureInfo.InvariantCulture),
        Bool b => b.Value ? "TRUE" : "false",
        Instant t => $"{(t.Timestamp ? "TIMESTAMP" : "DATE")}('{t.Text.Replace("'", "''", StringComparison.Ordinal)}')",
        Geometry g => BodyGen.WktOf(g.Shape),
        Bbox b => "BBOX(" + string.Join(", ", b.Numbers.Select(n => n.ToString("R", CultureInfo.InvariantCulture))) + ")",
        Compare c => $"{ToText(c.Left)} {c.Op} {ToText(c.Right)}",
        LikePattern l => $"{ToText(l.Value)} LIKE {ToText(l.Pattern)}",
        Between b => $"{ToText(b.Value)} BETWEEN {ToText(b.Low)} AND {ToText(b.High)}",
        InList i => $"{ToText(i.Value)} IN ({string.Join(", ", i.List.Select(ToText))})",
        IsNull n => $"{ToText(n.Value)} IS NULL",
        Spatial s => $"S_{s.Function}({ToText(s.Left)}, {ToText(s.Right)})",
        Negation n => $"NOT ({ToText(n.Term)})",
        Logical l => string.Join($" {l.Op.ToUpperInvariant()} ", l.Terms.Select(t => $"({ToText(t)})")),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static bool IsWord(string name) =>
        name.Length > 0 && !char.IsDigit(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c is '_' or ':' or '.')
        && name.ToUpperInvariant() is not ("TRUE" or "FALSE" or "DATE" or "TIMESTAMP" or "NOT" or "AND" or "OR" or "BBOX");

    // ---- cql2-json ----

    public static string ToJson(Node node) => node switch
    {
        Prop p => $$"""{"property":{{JsonString(p.Name)}}}""",
        Str s => JsonString(s.Value),
        Num n => n.Value.ToString("R", CultureInfo.InvariantCulture),
        Bool b => b.Value ? "true" : "false",
        Instant t => $$"""{"{{(t.Timestamp ? "timestamp" : "date")}}":{{JsonString(t.Text)}}}""",
        Geometry g => BodyGen.GeoJsonOf(g.Shape),
        Bbox b => $$"""{"bbox":[{{string.Join(",", b.Numbers.Select(n => n.ToString("R", CultureInfo.InvariantCulture)))}}]}""",
        Compare c => Op(c.Op, c.Left, c.Right),
        LikePattern l => Op("like", l.Value, l.Pattern),
        Between b => Op("between", b.Value, b.Low, b.High),
        InList i => $$"""{"op":"in","args":[{{ToJson(i.Value)}},[{{string.Join(",", i.List.Select(ToJson))}}]]}""",
        IsNull n => Op("isNull", n.Value),
        Spatial s => Op("s_" + s.Function.ToLowerInvariant(), s.Left, s.Right),
        Negation n => Op("not", n.Term),
        Logical l => Op(l.Op, l.Terms),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string Op(string op, params Node[] args) => $$"""{"op":"{{op}}","args":[{{string.Join(",", args.Select(ToJson))}}]}""";

    /// <summary>A JSON string; non-ASCII stays raw so the parser reads UTF-8, controls are escaped as JSON requires.</summary>
    public static string JsonString(string value)
    {
        var json = new StringBuilder("\"");
        foreach (var c in value)
            json.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\",
                _ when c < ' ' || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return json.Append('"').ToString();
    }

    /// <summary>Whether every number in the tree is written the same in both languages (no hostile number texts in its shapes).</summary>
    public static bool Portable(Node node) => node switch
    {
        Geometry g => Numbers(g.Shape).All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                                                && double.IsFinite(d) && n == d.ToString("R", CultureInfo.InvariantCulture)),
        Compare c => Portable(c.Left) && Portable(c.Right),
        Between b => Portable(b.Value) && Portable(b.Low) && Portable(b.High),
        InList i => Portable(i.Value) && i.List.All(Portable),
        Spatial s => Portable(s.Left) && Portable(s.Right),
        Negation n => Portable(n.Term),
        Logical l => l.Terms.All(Portable),
        _ => true,
    };

    private static IEnumerable<string> Numbers(BodyGen.Shape shape) =>
        shape.Parts.SelectMany(part => part.SelectMany(ring => ring.SelectMany(p => new[] { p.X, p.Y })))
            .Concat(shape.Members.SelectMany(Numbers));

    // ---- hostile filters ----

    /// <summary>cql2-text as a client might send it: a rendered tree, mutated; or nesting far beyond any real filter.</summary>
    public static Gen<string> HostileText(FeatureCollectionDefinition c) => Gen.Frequency(
        (12, Tree(c).Select(ToText).Mutate()),
        (1, Gen.Select(Gen.Int[1, 3000], Gen.OneOfConst("(", "NOT ", "NOT (", "(NOT "), (n, open) =>
            string.Concat(Enumerable.Repeat(open, n)) + "sector = 'x'" + new string(')', open.Contains('(', StringComparison.Ordinal) ? n : 0))),
        (1, Gen.Int[1000, 40_000].Select(n => "sector IN (" + string.Join(",", Enumerable.Repeat("'x'", n / 4)) + ")")));

    /// <summary>cql2-json as a client might send it: a rendered tree, with wrong JSON types spliced in and text mutations.</summary>
    public static Gen<string> HostileJson(FeatureCollectionDefinition c) => Gen.Frequency(
        (6, Tree(c).Select(ToJson)),
        (4, Tree(c).Select(ToJson).Mutate()),
        (5, Gen.Select(Tree(c).Select(ToJson), WrongJson, Gen.Int[0, 1000], Splice)),
        (1, Gen.Int[1, 300].Select(n => string.Concat(Enumerable.Repeat("""{"op":"not","args":[""", n)) +
                                        """{"op":"=","args":[{"property":"sector"},"x"]}""" + string.Concat(Enumerable.Repeat("]}", n)))));

    /// <summary>Values of the wrong JSON type for wherever they land.</summary>
    private static readonly Gen<string> WrongJson = Gen.OneOfConst(
        "5", "-0", "1e400", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "null", "true", "[]", "{}", "[[]]", """{"date":5}""", """{"timestamp":[]}""",
        """{"date":"not a date"}""", """{"property":5}""", """{"property":null}""", """{"property":"\u0000"}""", """{"bbox":"1,2,3,4"}""",
        """{"bbox":[1,"2",3,4]}""", """{"bbox":[1,2,3]}""", """{"bbox":[1e400,2,3,4]}""", """{"type":5}""", """{"type":"Polygon","coordinates":"x"}""",
        """{"type":"MultiPolygon","coordinates":[5]}""", """{"type":"Point","coordinates":[1e400,45]}""", """{"op":"in","args":[{"property":"sector"},[]]}""",
        """{"op":"in","args":[{"property":"sector"},5]}""", """{"op":"=","args":{"a":1}}""", """{"op":5,"args":[]}""", """{"op":"like","args":[{"property":"name_zh"},"a\\"]}""",
        """{"op":"and","args":[]}""", """{"op":"isNull","args":[]}""", """{"args":[1,2]}""", """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"GeometryCollection","geometries":5}]}""");

    /// <summary>Replaces one JSON value (the <paramref name="at"/>-th, cyclically) in <paramref name="json"/> by <paramref name="value"/>.</summary>
    private static string Splice(string json, string value, int at)
    {
        var starts = ValueStarts(json);
        if (starts.Count == 0) return value;
        var start = starts[at % starts.Count];
        var end = ValueEnd(json, start);
        return json[..start] + value + json[end..];
    }

    /// <summary>Where values begin: after ':', '[' or ',' outside strings.</summary>
    private static List<int> ValueStarts(string json)
    {
        var starts = new List<int> { 0 };
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            if (c is ':' or '[' or ',' && i + 1 < json.Length && json[i + 1] != ']') starts.Add(i + 1);
        }
        return starts;
    }

    private static int ValueEnd(string json, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"')
                {
                    inString = false;
                    if (depth == 0) return i + 1;
                }
                continue;
            }
            switch (c)
            {
                case '"': inString = true; break;
                case '{' or '[': depth++; break;
                case '}' or ']':
                    if (--depth <= 0) return i + 1;
                    break;
                case ',' when depth == 0: return i;
                default:
                    if (depth == 0 && !char.IsAsciiDigit(c) && c is not ('.' or '-' or 'e' or 'E' or '+')) return i;
                    break;
            }
        }
        return json.Length;
    }
}
