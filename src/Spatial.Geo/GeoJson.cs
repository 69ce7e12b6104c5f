using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// GeoJSON (RFC 7946) ↔ NTS, written once. Positions are [x, y] = [lon, lat] (or easting, northing
/// for a projected CRS). Errors name the JSON path at fault.
/// </summary>
public static class GeoJson
{
    public static Geometry ReadGeometry(JsonElement element, GeometryFactory factory, string path = "$")
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new GeoJsonException(path, "a geometry must be a JSON object");
        var type = RequiredString(element, "type", path);
        if (type == "GeometryCollection")
        {
            var members = RequiredArray(element, "geometries", path);
            return factory.CreateGeometryCollection(
                members.EnumerateArray().Select((g, i) => ReadGeometry(g, factory, $"{path}.geometries[{i}]")).ToArray());
        }
        if (!element.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
            throw new GeoJsonException(path, $"a {type} needs a 'coordinates' array");
        var at = path + ".coordinates";
        return type switch
        {
            "Point" => factory.CreatePoint(Position(c, at)),
            "MultiPoint" => factory.CreateMultiPointFromCoords(Positions(c, at)),
            "LineString" => factory.CreateLineString(Line(c, at)),
            "MultiLineString" => factory.CreateMultiLineString(
                c.EnumerateArray().Select((l, i) => factory.CreateLineString(Line(l, $"{at}[{i}]"))).ToArray()),
            "Polygon" => Polygon(c, factory, at),
            "MultiPolygon" => factory.CreateMultiPolygon(
                c.EnumerateArray().Select((p, i) => Polygon(p, factory, $"{at}[{i}]")).ToArray()),
            _ => throw new GeoJsonException(path + ".type", $"'{type}' is not a GeoJSON geometry type"),
        };
    }

    public static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry, int decimals = 8)
    {
        writer.WriteStartObject();
        writer.WriteString("type", geometry.GeometryType);
        switch (geometry)
        {
            case GeometryCollection collection when geometry is not MultiPoint and not MultiLineString and not MultiPolygon:
                writer.WriteStartArray("geometries");
                for (var i = 0; i < collection.NumGeometries; i++) WriteGeometry(writer, collection.GetGeometryN(i), decimals);
                writer.WriteEndArray();
                break;
            default:
                writer.WritePropertyName("coordinates");
                WriteCoordinates(writer, geometry, decimals);
                break;
        }
        writer.WriteEndObject();
    }

    public static string ToJson(Geometry geometry, int decimals = 8)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteGeometry(writer, geometry, decimals);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCoordinates(Utf8JsonWriter writer, Geometry geometry, int decimals)
    {
        switch (geometry)
        {
            case Point p: WritePosition(writer, p.Coordinate, decimals); break;
            case LineString l: WriteSequence(writer, l.Coordinates, decimals); break;
            case Polygon p:
                writer.WriteStartArray();
                WriteSequence(writer, p.ExteriorRing.Coordinates, decimals);
                foreach (var hole in p.InteriorRings) WriteSequence(writer, hole.Coordinates, decimals);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartArray();
                for (var i = 0; i < geometry.NumGeometries; i++) WriteCoordinates(writer, geometry.GetGeometryN(i), decimals);
                writer.WriteEndArray();
                break;
        }
    }

    private static void WriteSequence(Utf8JsonWriter writer, Coordinate[] coordinates, int decimals)
    {
        writer.WriteStartArray();
        foreach (var c in coordinates) WritePosition(writer, c, decimals);
        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, Coordinate c, int decimals)
    {
        writer.WriteStartArray();
        writer.WriteRawValue(Math.Round(c.X, decimals).ToString("R", CultureInfo.InvariantCulture));
        writer.WriteRawValue(Math.Round(c.Y, decimals).ToString("R", CultureInfo.InvariantCulture));
        writer.WriteEndArray();
    }

    private static Polygon Polygon(JsonElement rings, GeometryFactory factory, string path)
    {
        if (rings.ValueKind != JsonValueKind.Array) throw new GeoJsonException(path, "a polygon is an array of rings");
        if (rings.GetArrayLength() == 0) throw new GeoJsonException(path, "a polygon needs at least one ring");
        var linear = rings.EnumerateArray().Select((r, i) => Ring(r, factory, $"{path}[{i}]")).ToArray();
        return factory.CreatePolygon(linear[0], linear[1..]);
    }

    private static LinearRing Ring(JsonElement ring, GeometryFactory factory, string path)
    {
        var coordinates = Line(ring, path);
        if (coordinates.Length < 4)
            throw new GeoJsonException(path, $"a ring needs at least 4 positions (3 distinct + closing), found {coordinates.Length}");
        if (!coordinates[0].Equals2D(coordinates[^1]))
            throw new GeoJsonException(path, "the ring is not closed: its last position must repeat the first");
        return factory.CreateLinearRing(coordinates);
    }

    private static Coordinate[] Line(JsonElement line, string path)
    {
        if (line.ValueKind != JsonValueKind.Array) throw new GeoJsonException(path, "expected an array of positions");
        var coordinates = Positions(line, path);
        return coordinates.Length >= 2 ? coordinates : throw new GeoJsonException(path, "a line needs at least 2 positions");
    }

    private static Coordinate[] Positions(JsonElement array, string path) =>
        array.EnumerateArray().Select((p, i) => Position(p, $"{path}[{i}]")).ToArray();

    private static Coordinate Position(JsonElement position, string path)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
            throw new GeoJsonException(path, "a position is an array [x, y]");
        var x = position[0];
        var y = position[1];
        if (x.ValueKind != JsonValueKind.Number || y.ValueKind != JsonValueKind.Number)
            throw new GeoJsonException(path, "position values must be numbers");
        var (vx, vy) = (x.GetDouble(), y.GetDouble());
        if (!double.IsFinite(vx) || !double.IsFinite(vy)) throw new GeoJsonException(path, "position values must be finite");
        return new Coordinate(vx, vy);
    }

    private static string RequiredString(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new GeoJsonException($"{path}.{name}", $"'{name}' must be a string");

    private static JsonElement RequiredArray(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw new GeoJsonException($"{path}.{name}", $"'{name}' must be an array");
}

/// <summary>Malformed GeoJSON; <see cref="Path"/> is the JSON path at fault (e.g. <c>$.features[2].geometry</c>).</summary>
public sealed class GeoJsonException(string path, string reason) : FormatException($"{path}: {reason}")
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}
