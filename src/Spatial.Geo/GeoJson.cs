using System.Collections.Concurrent;
using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Spatial.Geo;

/// <summary>
/// GeoJSON (RFC 7946) ↔ NTS through NetTopologySuite.IO.GeoJSON4STJ. Positions are [x, y] = [lon, lat] (or
/// easting, northing for a projected CRS); a third number (elevation) is accepted and dropped, as the stored
/// layers are 2D. Errors name the JSON path at fault: <see cref="GeoJsonChecks"/> runs first, because the
/// library's own errors all say "$" and it accepts what we refuse.
/// </summary>
public static partial class GeoJson
{
    private static readonly ConcurrentDictionary<(int, PrecisionModel, CoordinateSequenceFactory, NtsGeometryServices), JsonSerializerOptions> Readers = new();

    // Rings are written as they are: the footprint report shows a wrongly oriented ring, it never turns it.
    private static readonly JsonSerializerOptions Writer = new()
    {
        Converters = { new GeoJsonConverterFactory(Geometries.LonLat, false, null, RingOrientationOption.DoNotModify) },
    };

    /// <summary>A geometry object; <paramref name="path"/> prefixes the path of every error (e.g. <c>$.features[2].geometry</c>).</summary>
    /// <exception cref="GeoJsonException">the element is not a GeoJSON geometry we read.</exception>
    public static Geometry ReadGeometry(JsonElement element, GeometryFactory factory, string path = "$")
    {
        var elevated = GeoJsonChecks.Geometry(element, path);
        Geometry geometry;
        try
        {
            geometry = element.Deserialize<Geometry>(ReaderFor(factory))!;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            // The checks above leave the library nothing to refuse (the fuzz tests hold it to that); should they miss
            // a case, the client still gets a 400, in our words: the library's message names its own internals.
            throw new GeoJsonException(path, "not a GeoJSON geometry", e);
        }
        return elevated ? Copy(geometry, factory, v => v) : geometry;
    }

    public static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry, int decimals = 8) =>
        JsonSerializer.Serialize(writer, Copy(geometry, geometry.Factory, v => Math.Round(v, decimals)), Writer);

    /// <summary>The geometry as GeoJSON text, x and y rounded to <paramref name="decimals"/> (0–15) places, z left out.</summary>
    public static string ToJson(Geometry geometry, int decimals = 8)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteGeometry(writer, geometry, decimals);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The library's converter builds with the factory it was made with; options are costly to make and to warm, so
    /// there is one per kind of factory (callers such as the CQL2 reader make a new, equal factory each time).
    /// </summary>
    private static JsonSerializerOptions ReaderFor(GeometryFactory factory) =>
        Readers.GetOrAdd((factory.SRID, factory.PrecisionModel, factory.CoordinateSequenceFactory, factory.GeometryServices), _ => new JsonSerializerOptions
        {
            MaxDepth = JsonInput.MaxDepth + 1,
            Converters = { new GeoJsonConverterFactory(factory, false, null, RingOrientationOption.DoNotModify) },
        });

    /// <summary>The same geometry, type for type, with x and y only, each passed through <paramref name="ordinate"/>.</summary>
    private static Geometry Copy(Geometry geometry, GeometryFactory factory, Func<double, double> ordinate)
    {
        CoordinateSequence Xy(CoordinateSequence source)
        {
            var target = factory.CoordinateSequenceFactory.Create(source.Count, 2, 0);
            for (var i = 0; i < source.Count; i++)
            {
                target.SetX(i, ordinate(source.GetX(i)));
                target.SetY(i, ordinate(source.GetY(i)));
            }
            return target;
        }
        LinearRing Ring(LineString ring) => factory.CreateLinearRing(Xy(ring.CoordinateSequence));
        Polygon Area(Polygon p) => factory.CreatePolygon(Ring(p.Shell), p.Holes.Select(Ring).ToArray());
        T[] Members<T>(Geometry g, Func<Geometry, T> copy) =>
            Enumerable.Range(0, g.NumGeometries).Select(i => copy(g.GetGeometryN(i))).ToArray();

        return geometry switch
        {
            Point p => factory.CreatePoint(Xy(p.CoordinateSequence)),
            LinearRing r => Ring(r),
            LineString l => factory.CreateLineString(Xy(l.CoordinateSequence)),
            Polygon p => Area(p),
            MultiPoint m => factory.CreateMultiPoint(Members(m, g => factory.CreatePoint(Xy(((Point)g).CoordinateSequence)))),
            MultiLineString m => factory.CreateMultiLineString(Members(m, g => factory.CreateLineString(Xy(((LineString)g).CoordinateSequence)))),
            MultiPolygon m => factory.CreateMultiPolygon(Members(m, g => Area((Polygon)g))),
            _ => factory.CreateGeometryCollection(Members(geometry, g => Copy(g, factory, ordinate))),
        };
    }
}

/// <summary>Malformed GeoJSON; <see cref="Path"/> is the JSON path at fault (e.g. <c>$.features[2].geometry</c>).</summary>
public sealed class GeoJsonException(string path, string reason, Exception? inner = null) : FormatException($"{path}: {reason}", inner)
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}
