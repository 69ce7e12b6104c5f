using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// A GeoJSON Feature as a write reads it: <see cref="Id"/> is the string, or a number's JSON text ("5");
/// <see cref="Properties"/> keeps each value as JSON (the caller knows which are numbers, names or vocabulary
/// codes) and outlives the document it came from; <see cref="Geometry"/> is null for <c>"geometry": null</c>.
/// </summary>
public sealed record GeoJsonFeature(string? Id, IReadOnlyDictionary<string, JsonElement> Properties, Geometry? Geometry);

public static partial class GeoJson
{
    /// <summary>
    /// A Feature object. Foreign members ("bbox", "links", "crs") are ignored; a missing 'properties' or 'geometry'
    /// reads as none, so a feature a client builds by hand is not refused for leaving out what it does not have.
    /// </summary>
    /// <exception cref="GeoJsonException">not a Feature, an id that is not a string or number, properties that are not
    /// an object or appear twice, or a geometry we do not read (its error names the place inside the geometry).</exception>
    public static GeoJsonFeature ReadFeature(JsonElement element, GeometryFactory factory, string path = "$")
    {
        if (element.ValueKind != JsonValueKind.Object) throw new GeoJsonException(path, "a feature must be a JSON object");
        if (!element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals("Feature"))
            throw new GeoJsonException(path + ".type", "a feature's 'type' is \"Feature\"");
        string? id = null;
        if (element.TryGetProperty("id", out var idValue))
            id = idValue.ValueKind switch
            {
                JsonValueKind.String => idValue.GetString(),
                JsonValueKind.Number => idValue.GetRawText(),
                _ => throw new GeoJsonException(path + ".id", "a feature's 'id' is a string or a number (RFC 7946 §3.2)"),
            };
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element.TryGetProperty("properties", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Object) throw new GeoJsonException(path + ".properties", "'properties' must be an object or null");
            foreach (var property in p.Clone().EnumerateObject())
                if (!properties.TryAdd(property.Name, property.Value))
                    throw new GeoJsonException(Member(path + ".properties", property.Name), $"'{property.Name}' appears twice");
        }
        var geometry = element.TryGetProperty("geometry", out var g) && g.ValueKind != JsonValueKind.Null
            ? ReadGeometry(g, factory, path + ".geometry")
            : null;
        return new GeoJsonFeature(id, properties, geometry);
    }

    /// <summary>The path of a member, in the notation System.Text.Json uses: <c>$.a.name_zh</c>, or <c>$.a['名 称']</c> when the name is not a plain word.</summary>
    private static string Member(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
}
