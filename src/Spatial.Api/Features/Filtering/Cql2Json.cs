using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Filtering;

/// <summary>
/// Parses CQL2 JSON into the same tree as CQL2 text; errors name the JSON path. Every value is checked
/// for its JSON type before it is read, so a wrong type is the client's 400, never an exception here.
/// </summary>
public static class Cql2Json
{
    private static readonly HashSet<string> Comparisons = ["=", "<>", "<", ">", "<=", ">="];

    public static CqlNode Parse(string json)
    {
        if (json.Length > CqlLimits.MaxLength)
            throw new CqlException($"the filter is {json.Length} characters long; at most {CqlLimits.MaxLength} are read");
        var (document, problem) = JsonInput.Parse(json);
        if (document is null) throw new CqlException(problem!);
        using (document) return Predicate(document.RootElement, "$");
    }

    private static CqlNode Predicate(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
            throw new CqlException($"{path}: expected an object with \"op\" and \"args\"");
        var op = opElement.GetString()!.ToLowerInvariant();
        var args = e.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().ToList()
            : throw new CqlException($"{path}.args: expected an array");
        var at = $"{path}.args";
        CqlNode Arg(int i) => i < args.Count ? Operand(args[i], $"{at}[{i}]") : throw new CqlException($"{at}: '{op}' needs {i + 1} arguments");
        void Count(int n)
        {
            if (args.Count != n) throw new CqlException($"{at}: '{op}' takes {n} arguments, found {args.Count}");
        }
        switch (op)
        {
            case "and" or "or":
                if (args.Count < 2) throw new CqlException($"{at}: '{op}' needs at least 2 arguments");
                var terms = args.Select((x, i) => Predicate(x, $"{at}[{i}]")).ToList();
                return op == "and" ? new CqlAnd(terms, path) : new CqlOr(terms, path);
            case "not":
                Count(1);
                return new CqlNot(Predicate(args[0], $"{at}[0]"), path);
            case var _ when Comparisons.Contains(op):
                Count(2);
                return new CqlComparison(op, Arg(0), Arg(1), path);
            case "like":
                Count(2);
                return new CqlLike(Arg(0), Arg(1), path);
            case "between":
                Count(3);
                return new CqlBetween(Arg(0), Arg(1), Arg(2), path);
            case "in":
                Count(2);
                if (args[1].ValueKind != JsonValueKind.Array) throw new CqlException($"{at}[1]: 'in' needs a list");
                if (args[1].GetArrayLength() == 0) throw new CqlException($"{at}[1]: 'in' needs at least one value in its list");
                return new CqlIn(Arg(0), args[1].EnumerateArray().Select((x, i) => Operand(x, $"{at}[1][{i}]")).ToList(), path);
            case "isnull":
                Count(1);
                return new CqlIsNull(Arg(0), path);
            case var _ when op.StartsWith("s_", StringComparison.Ordinal):
                Count(2);
                return new CqlSpatial(op[2..], Arg(0), Arg(1), path);
            default:
                throw new CqlException($"{path}.op: '{Clip(op)}' is not supported");
        }
    }

    private static CqlNode Operand(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: return new CqlLiteral(Text(e, path), path);
            case JsonValueKind.Number: return new CqlLiteral(Number(e, path), path);
            case JsonValueKind.True: return new CqlLiteral(true, path);
            case JsonValueKind.False: return new CqlLiteral(false, path);
            case JsonValueKind.Object:
                if (e.TryGetProperty("property", out var p))
                    return p.ValueKind == JsonValueKind.String
                        ? new CqlProperty(Text(p, $"{path}.property"), path)
                        : throw new CqlException($"{path}.property: a property name is a string, found {Kind(p)}");
                if (e.TryGetProperty("date", out var d)) return Instant(d, $"{path}.date", "a date such as \"2024-05-01\"");
                if (e.TryGetProperty("timestamp", out var t)) return Instant(t, $"{path}.timestamp", "a timestamp such as \"2024-05-01T08:00:00Z\"");
                if (e.TryGetProperty("bbox", out var b)) return Bbox(b, $"{path}.bbox", path);
                if (e.TryGetProperty("type", out _))
                {
                    try
                    {
                        return new CqlGeometry(GeoJson.ReadGeometry(e, new GeometryFactory(), path), path);
                    }
                    catch (GeoJsonException g)
                    {
                        throw new CqlException(g.Message);
                    }
                }
                if (e.TryGetProperty("op", out _)) throw new CqlException($"{path}: functions as arguments are not supported");
                throw new CqlException($"{path}: expected a property, a literal, a bbox or a GeoJSON geometry");
            case JsonValueKind.Array:
                throw new CqlException($"{path}: a list is only the second argument of 'in'");
            default:
                throw new CqlException($"{path}: {Kind(e)} is not a CQL2 value");
        }
    }

    private static string Text(JsonElement e, string path)
    {
        var text = e.GetString()!;
        return PlainText.Flaw(text) is { } flaw ? throw new CqlException($"{path}: {flaw.Reason} (character {flaw.Index + 1} of the string)") : text;
    }

    private static double Number(JsonElement e, string path) =>
        e.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw new CqlException($"{path}: {Clip(e.GetRawText())} is too large a number");

    private static CqlLiteral Instant(JsonElement e, string path, string example)
    {
        if (e.ValueKind != JsonValueKind.String) throw new CqlException($"{path}: expected {example}, found {Kind(e)}");
        return DateTimeOffset.TryParse(Text(e, path), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? new CqlLiteral(instant.ToUniversalTime(), path)
            : throw new CqlException($"{path}: '{Clip(e.GetString()!)}' is not {example}");
    }

    private static CqlGeometry Bbox(JsonElement e, string path, string where)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new CqlException($"{path}: a bbox is an array of 4 or 6 numbers, found {Kind(e)}");
        var n = e.EnumerateArray().Select((x, i) => x.ValueKind == JsonValueKind.Number ? Number(x, $"{path}[{i}]")
            : throw new CqlException($"{path}[{i}]: a bbox holds numbers only, found {Kind(x)}")).ToArray();
        if (n.Length is not (4 or 6)) throw new CqlException($"{path}: a bbox has 4 or 6 numbers, found {n.Length}");
        var (x1, y1, x2, y2) = n.Length == 4 ? (n[0], n[1], n[2], n[3]) : (n[0], n[1], n[3], n[4]);
        if (x1 > x2 || y1 > y2) throw new CqlException($"{path}: minimum exceeds maximum");
        return new CqlGeometry(new GeometryFactory().ToGeometry(new Envelope(x1, x2, y1, y2)), where);
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
    };

    private static string Clip(string text) => text.Length <= 24 ? text : text[..24] + "…";
}
