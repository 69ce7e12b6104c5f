using System.Text.Json;

namespace Spatial.Geo;

/// <summary>
/// What NetTopologySuite.IO.GeoJSON4STJ leaves to us, checked on the parsed element before it reads it. Its
/// errors name no place ("Path: $" for a bad number deep in a MultiPolygon, or a bare ArgumentException from
/// NTS for an unclosed ring), and it accepts what RFC 7946 and our layers do not: 1e400 as Infinity, empty
/// lines and polygons, a type of " Point" or "1" (Enum.Parse), and it parses 'coordinates' or 'geometries'
/// wherever they appear. Allocation-free until an error: paths are formatted only to be thrown.
/// </summary>
internal static class GeoJsonChecks
{
    /// <summary>GeometryCollections nested deeper than this are refused, as in WKT: no plan data nests them, and the library recurses.</summary>
    public const int MaxCollectionNesting = WktParser.MaxNesting;

    private static readonly string[] Types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"];

    /// <summary>Throws <see cref="GeoJsonException"/> for the first fault; returns whether a position has a third number.</summary>
    public static bool Geometry(JsonElement element, string path, int nesting = 0)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new GeoJsonException(path, "a geometry must be a JSON object");
        JsonElement? type = null, coordinates = null, geometries = null;
        foreach (var member in element.EnumerateObject())
        {
            if (member.NameEquals("type")) type = Once(type, member, path);
            else if (member.NameEquals("coordinates")) coordinates = Once(coordinates, member, path);
            else if (member.NameEquals("geometries")) geometries = Once(geometries, member, path);
        }
        if (type is not { ValueKind: JsonValueKind.String } t) throw new GeoJsonException(path + ".type", "'type' must be a string");
        var name = Types.FirstOrDefault(t.ValueEquals)
            ?? throw new GeoJsonException(path + ".type", $"'{t.GetString()}' is not a GeoJSON geometry type");
        if (name == "GeometryCollection")
        {
            if (coordinates is not null) throw new GeoJsonException(path + ".coordinates", "a GeometryCollection has 'geometries', not 'coordinates'");
            if (geometries is not { ValueKind: JsonValueKind.Array } members) throw new GeoJsonException(path + ".geometries", "'geometries' must be an array");
            if (nesting == MaxCollectionNesting)
                throw new GeoJsonException(path + ".geometries", $"geometry collections are nested deeper than {MaxCollectionNesting} levels");
            var elevated = false;
            var i = 0;
            foreach (var member in members.EnumerateArray()) elevated |= Geometry(member, $"{path}.geometries[{i++}]", nesting + 1);
            return elevated;
        }
        if (geometries is not null) throw new GeoJsonException(path + ".geometries", $"a {name} has 'coordinates', not 'geometries'");
        if (coordinates is not { ValueKind: JsonValueKind.Array } c) throw new GeoJsonException(path, $"a {name} needs a 'coordinates' array");
        var at = new At(path + ".coordinates");
        return name switch
        {
            "Point" => Position(c, at),
            "MultiPoint" => Each(c, at, Position),
            "LineString" => Line(c, at),
            "MultiLineString" => Each(c, at, Line),
            "Polygon" => Polygon(c, at),
            _ => Each(c, at, Polygon),
        };
    }

    private static JsonElement Once(JsonElement? seen, JsonProperty member, string path) =>
        seen is null ? member.Value : throw new GeoJsonException($"{path}.{member.Name}", $"'{member.Name}' appears twice");

    private static bool Each(JsonElement array, At at, Func<JsonElement, At, bool> check)
    {
        var elevated = false;
        var i = 0;
        foreach (var item in array.EnumerateArray()) elevated |= check(item, at[i++]);
        return elevated;
    }

    private static bool Polygon(JsonElement rings, At at)
    {
        if (rings.ValueKind != JsonValueKind.Array) throw new GeoJsonException(at.ToString(), "a polygon is an array of rings");
        if (rings.GetArrayLength() == 0) throw new GeoJsonException(at.ToString(), "a polygon needs at least one ring");
        return Each(rings, at, Ring);
    }

    private static bool Ring(JsonElement ring, At at)
    {
        var elevated = Line(ring, at);
        var count = ring.GetArrayLength();
        if (count < 4)
            throw new GeoJsonException(at.ToString(), $"a ring needs at least 4 positions (3 distinct + closing), found {count}");
        var (first, last) = (ring[0], ring[count - 1]);
        if (first[0].GetDouble() != last[0].GetDouble() || first[1].GetDouble() != last[1].GetDouble())
            throw new GeoJsonException(at.ToString(), "the ring is not closed: its last position must repeat the first");
        return elevated;
    }

    private static bool Line(JsonElement line, At at)
    {
        if (line.ValueKind != JsonValueKind.Array) throw new GeoJsonException(at.ToString(), "expected an array of positions");
        var elevated = Each(line, at, Position);
        return line.GetArrayLength() >= 2 ? elevated : throw new GeoJsonException(at.ToString(), "a line needs at least 2 positions");
    }

    /// <summary>[x, y] or [x, y, z]; numbers past the third are allowed and ignored (RFC 7946 §3.1.1), like z.</summary>
    private static bool Position(JsonElement position, At at)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
            throw new GeoJsonException(at.ToString(), "a position is an array [x, y]");
        foreach (var value in position.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number) throw new GeoJsonException(at.ToString(), "position values must be numbers");
            if (!double.IsFinite(value.GetDouble())) throw new GeoJsonException(at.ToString(), "position values must be finite");
        }
        return position.GetArrayLength() > 2;
    }

    /// <summary>A place in a coordinates array: the path of the member and up to three indices, formatted when thrown.</summary>
    private readonly record struct At(string Member, int Depth = 0, int I = 0, int J = 0, int K = 0)
    {
        public At this[int index] => Depth switch
        {
            0 => this with { Depth = 1, I = index },
            1 => this with { Depth = 2, J = index },
            _ => this with { Depth = 3, K = index },
        };

        public override string ToString() => Depth switch
        {
            0 => Member,
            1 => $"{Member}[{I}]",
            2 => $"{Member}[{I}][{J}]",
            _ => $"{Member}[{I}][{J}][{K}]",
        };
    }
}
