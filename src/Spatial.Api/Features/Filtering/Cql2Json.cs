using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Filtering;

/// <summary>Parses CQL2 JSON into the same tree as CQL2 text; errors name the JSON path.</summary>
public static class Cql2Json
{
    private static readonly HashSet<string> Comparisons = ["=", "<>", "<", ">", "<=", ">="];

    public static CqlNode Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CqlException($"not valid JSON: {e.Message}");
        }
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
                return new CqlIn(Arg(0), args[1].EnumerateArray().Select((x, i) => Operand(x, $"{at}[1][{i}]")).ToList(), path);
            case "isnull":
                Count(1);
                return new CqlIsNull(Arg(0), path);
            case var _ when op.StartsWith("s_", StringComparison.Ordinal):
                Count(2);
                return new CqlSpatial(op[2..], Arg(0), Arg(1), path);
            default:
                throw new CqlException($"{path}.op: '{op}' is not supported");
        }
    }

    private static CqlNode Operand(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: return new CqlLiteral(e.GetString()!, path);
            case JsonValueKind.Number: return new CqlLiteral(e.GetDouble(), path);
            case JsonValueKind.True: return new CqlLiteral(true, path);
            case JsonValueKind.False: return new CqlLiteral(false, path);
            case JsonValueKind.Object:
                if (e.TryGetProperty("property", out var p) && p.ValueKind == JsonValueKind.String) return new CqlProperty(p.GetString()!, path);
                if (e.TryGetProperty("date", out var d) || e.TryGetProperty("timestamp", out d))
                    return DateTimeOffset.TryParse(d.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                        ? new CqlLiteral(instant.ToUniversalTime(), path)
                        : throw new CqlException($"{path}: not a valid date or timestamp");
                if (e.TryGetProperty("bbox", out var b) && b.ValueKind == JsonValueKind.Array)
                {
                    var n = b.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetDouble()
                        : throw new CqlException($"{path}.bbox: numbers only")).ToArray();
                    if (n.Length is not (4 or 6)) throw new CqlException($"{path}.bbox: 4 or 6 numbers");
                    var (x1, y1, x2, y2) = n.Length == 4 ? (n[0], n[1], n[2], n[3]) : (n[0], n[1], n[3], n[4]);
                    if (x1 > x2 || y1 > y2) throw new CqlException($"{path}.bbox: minimum exceeds maximum");
                    return new CqlGeometry(new GeometryFactory().ToGeometry(new Envelope(x1, x2, y1, y2)), path);
                }
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
                    catch (ArgumentException a)
                    {
                        throw new CqlException($"{path}: invalid geometry: {a.Message}");
                    }
                }
                if (e.TryGetProperty("op", out _)) throw new CqlException($"{path}: functions as arguments are not supported");
                throw new CqlException($"{path}: expected a property, a literal, a bbox or a GeoJSON geometry");
            default:
                throw new CqlException($"{path}: unsupported value");
        }
    }
}
