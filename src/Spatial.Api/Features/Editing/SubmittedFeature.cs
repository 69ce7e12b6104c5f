using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using Spatial.Api.Features.Footprints;
using Spatial.Geo;

namespace Spatial.Api.Features.Editing;

/// <summary>
/// A feature as a client sent it (POST/PUT: a GeoJSON Feature; PATCH: a JSON Merge Patch of one).
/// The geometry stays in the body's CRS, with x = longitude/easting and the SRID PostGIS transforms from.
/// </summary>
public sealed record SubmittedFeature(string? Id, IReadOnlyDictionary<string, JsonElement> Properties, bool GeometryGiven, Geometry? Geometry)
{
    /// <summary>Reads the body's structure and geometry; what is wrong goes into <paramref name="errors"/>, all of it.</summary>
    public static SubmittedFeature Read(JsonElement root, CrsReference crs, EditableLayer layer, FootprintLimits limits, bool patch, List<FieldError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("", patch ? "a merge patch of a feature is a JSON object" : "the body must be a GeoJSON Feature object"));
            return new(null, new Dictionary<string, JsonElement>(), false, null);
        }
        if (root.TryGetProperty("type", out var type) ? type.ValueKind != JsonValueKind.String || type.GetString() != "Feature" : !patch)
            errors.Add(new("/type", "must be \"Feature\" (one feature per request; send a FeatureCollection to the import instead)"));
        if (root.TryGetProperty("crs", out _))
            errors.Add(new("/crs", "a 'crs' member is not read (RFC 7946 dropped it); name the CRS in the Content-Crs header, e.g. Content-Crs: <http://www.opengis.net/def/crs/EPSG/0/4528>"));
        string? id = null;
        if (root.TryGetProperty("id", out var idValue))
        {
            if (idValue.ValueKind == JsonValueKind.String && idValue.GetString() is { Length: > 0 and <= 100 } text && !text.Any(char.IsControl)) id = text;
            else if (idValue.ValueKind == JsonValueKind.Number && idValue.TryGetInt64(out var number) && number >= 0) id = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            else if (idValue.ValueKind != JsonValueKind.Null) errors.Add(new("/id", "an id is a string of 1 to 100 characters (no control characters) or a non-negative integer"));
        }
        var properties = new Dictionary<string, JsonElement>();
        if (root.TryGetProperty("properties", out var props))
        {
            if (props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject()) properties[p.Name] = p.Value.Clone();
            else if (props.ValueKind != JsonValueKind.Null) errors.Add(new("/properties", "must be a JSON object"));
        }
        else if (!patch) errors.Add(new("/properties", "a Feature needs 'properties' (an object, or null)"));
        var geometryGiven = root.TryGetProperty("geometry", out var geometryJson);
        if (!geometryGiven && !patch) errors.Add(new("/geometry", "a Feature needs 'geometry' (a geometry object, or null)"));
        Geometry? geometry = null;
        if (geometryGiven && geometryJson.ValueKind != JsonValueKind.Null) geometry = ReadGeometry(geometryJson, crs, layer, limits, errors);
        return new(id, properties, geometryGiven, geometry);
    }

    private static Geometry? ReadGeometry(JsonElement json, CrsReference crs, EditableLayer layer, FootprintLimits limits, List<FieldError> errors)
    {
        Geometry read;
        try
        {
            read = GeoJson.ReadGeometry(json, Geometries.ForSrid(crs.Srid), "$.geometry");
        }
        catch (GeoJsonException e)
        {
            errors.Add(new("/geometry", e.Message));
            return null;
        }
        var geometry = crs.AxesSwapped ? AxisOrder.Swapped(read) : read;
        // CRS84, EPSG:4326 and EPSG:4490 are stored as they are: CGCS2000 and WGS 84 agree within centimetres here.
        geometry.SRID = crs.Geographic ? Geometries.Cgcs2000 : crs.Srid;
        if (layer.Point ? geometry is not Point : geometry is not (Polygon or MultiPolygon))
        {
            errors.Add(WrongType(layer, geometry.GeometryType));
            return null;
        }
        if (geometry.IsEmpty)
        {
            errors.Add(new("/geometry", "the geometry is empty; send null for a feature without a site"));
            return null;
        }
        if (geometry.NumPoints > limits.MaxVertices)
            errors.Add(new("/geometry", $"{geometry.NumPoints} vertices; at most {limits.MaxVertices} are accepted (Spatial:Footprints:MaxVertices)"));
        else if (crs.OutsideValidArea(geometry) is { } outside)
            errors.Add(new("/geometry/coordinates", outside));
        else if (new IsValidOp(geometry).ValidationError is { } invalid)
            errors.Add(new("/geometry", $"invalid {geometry.GeometryType}: {invalid.Message} at {Position(invalid.Coordinate, crs)}; it is not repaired on save"));
        else return geometry;
        return null;
    }

    /// <summary>A geometry of another type than the layer's (a point layer takes Points, an areal one Polygons or MultiPolygons).</summary>
    public static FieldError WrongType(EditableLayer layer, string actual) =>
        new("/geometry/type", $"a feature of {layer.Collection.Id} is a {(layer.Point ? "Point" : "Polygon or MultiPolygon")}, not a {actual}", "geometry_type");

    /// <summary>A position as the client wrote it (its axis order), for messages.</summary>
    private static string Position(Coordinate c, CrsReference crs) => crs.AxesSwapped
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{c.Y}, {c.X}]")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{c.X}, {c.Y}]");
}
