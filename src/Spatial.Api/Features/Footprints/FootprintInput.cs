using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>
/// Reads footprints from GeoJSON (Geometry, Feature or FeatureCollection), WKT or the land-parcel TXT.
/// Pure: bytes and parameters in, footprints or a precise rejection out — the CLI uses it too.
/// </summary>
public static class FootprintInput
{
    public const int MaxBodyBytes = 10 * 1024 * 1024;

    public static readonly string[] AcceptedTypes = ["application/geo+json", "application/json", "text/plain", "application/wkt", "text/wkt"];

    /// <summary>"geojson", "txt" or "wkt" for a media type; null when not accepted.</summary>
    public static string? FormatOf(string? mediaType) => mediaType?.ToLowerInvariant() switch
    {
        "application/geo+json" or "application/json" => "geojson",
        "text/plain" => "txt",
        "application/wkt" or "text/wkt" => "wkt",
        _ => null,
    };

    /// <summary>The format of a file by its name's extension (.txt, .geojson/.json, .wkt), for a form part sent without a useful type.</summary>
    public static string? FormatOfFileName(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".txt" => "txt",
        ".geojson" or ".json" => "geojson",
        ".wkt" => "wkt",
        _ => null,
    };

    /// <summary>
    /// Reads and bounds a body: <paramref name="limits"/> (the defaults when null) are checked as early as each format allows.
    /// <paramref name="crsParameter"/> is where the caller read <paramref name="crs"/> (the Content-Crs header, the crs
    /// parameter), the name a refusal of that CRS gives.
    /// </summary>
    public static (FootprintSubmission? Submission, FootprintRejection? Rejection) Read(
        string format, ReadOnlySpan<byte> body, CrsReference crs, FootprintLimits? limits = null, string crsParameter = "crs")
    {
        limits ??= FootprintLimits.Defaults;
        if (body.Trim((byte)' ').Length == 0 || Encoding.UTF8.GetString(body).Trim().Length == 0)
            return (null, Bad("body", "the request body is empty; send a GeoJSON polygon, a WKT polygon or a land-parcel TXT file"));
        // A land-parcel TXT names its own CRS in its header.
        if (format != "txt" && crs.Srid == 3857)
            return (null, Bad(crsParameter, "Web Mercator (EPSG:3857) distorts areas about twofold here; send CRS84, EPSG:4490 or a CGCS2000 Gauss–Krüger zone"));
        try
        {
            var submission = format switch
            {
                "txt" => FromTxt(body, limits),
                "geojson" => FromGeoJson(body, crs),
                _ => FromWkt(body, crs),
            };
            if (limits.Check(submission) is { } tooComplex) return (null, tooComplex);
            foreach (var footprint in submission.Footprints)
                if (OutsideChina(footprint) is { } reason) return (null, Bad(format == "txt" ? "Y坐标" : "body", reason));
            return (submission, null);
        }
        catch (LandParcelFormatException e)
        {
            return (null, new FootprintRejection(StatusCodes.Status400BadRequest, "Invalid land-parcel file", e.Message,
                new Dictionary<string, object?> { ["parameter"] = "body", ["line"] = e.Line, ["field"] = e.Field }));
        }
        catch (GeoJsonException e)
        {
            return (null, Bad("body", e.Message));
        }
        catch (FootprintFormatException e)
        {
            return (null, Bad(e.Parameter, e.Message));
        }
        catch (FootprintLimitException e)
        {
            return (null, e.Rejection);
        }
    }

    private static FootprintSubmission FromTxt(ReadOnlySpan<byte> body, FootprintLimits limits)
    {
        var file = LandParcelTxt.Parse(body);
        if (file.Datum != GeodeticDatum.Cgcs2000)
            throw new LandParcelFormatException(null, "坐标系", $"'{file.Header["坐标系"]}' is {file.Datum.Label()}: footprint checks take CGCS2000 "
                + "(2000国家大地坐标系) coordinates only; convert the file, or import it with seven_parameters or four_parameters (POST /collections/projects/imports)");
        if (limits.CheckCounts(file.Parcels.Select(p => (p.Label, p.PointCount, p.Rings.Count)).ToList()) is { } tooMany)
            throw new FootprintLimitException(tooMany);
        var footprints = new List<Footprint>();
        foreach (var parcel in file.Parcels)
        {
            var outline = ParcelOutlines.Build(parcel, file);
            var lonLat = GaussKruger.ToLonLat(outline.Plane, file.Zone, file.Prefixed);
            var lon = lonLat.Centroid.X;
            if (Math.Abs(lon - file.Zone.CentralMeridian) > 2.0)
                throw new LandParcelFormatException(parcel.Line, "Y坐标", string.Create(CultureInfo.InvariantCulture,
                    $"parcel {parcel.Label} lies at {lon:0.000}°E, {Math.Abs(lon - file.Zone.CentralMeridian):0.0}° from the central meridian {file.Zone.CentralMeridian}°E of zone {file.Zone.Zone}; the zone or the coordinates are wrong"));
            footprints.Add(new Footprint(parcel.Index, parcel.Label, lonLat, outline.Plane, file.Zone, file.Prefixed,
                parcel.DeclaredAreaHectares, parcel.Number, parcel.Use, outline.Notes,
                LandClass: parcel.LandClass, MapSheet: parcel.MapSheet, Points: BoundaryPoints.Of(parcel)));
        }
        var crs = CrsReference.Supported.Single(c => c.Srid == file.Srid);
        return new FootprintSubmission("land-parcel-txt", file.Encoding, crs, footprints, file.Notes);
    }

    private static FootprintSubmission FromGeoJson(ReadOnlySpan<byte> body, CrsReference crs)
    {
        var (document, problem) = JsonInput.Parse(body.ToArray());
        if (document is null) throw new FootprintFormatException("body", $"not GeoJSON: {problem}");
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t))
                throw new FootprintFormatException("body", "not GeoJSON: expected an object with a 'type'");
            if (t.ValueKind != JsonValueKind.String) throw new FootprintFormatException("body", "$.type: 'type' must be a string");
            var items = t.GetString() switch
            {
                "FeatureCollection" => root.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array
                    ? f.EnumerateArray().Select((feature, i) => (feature, $"$.features[{i}]")).ToList()
                    : throw new FootprintFormatException("body", "$.features: a FeatureCollection needs a 'features' array"),
                "Feature" => [(root, "$")],
                _ => [(root, "$geometry")],
            };
            if (items.Count == 0) throw new FootprintFormatException("body", "$.features: the collection has no feature");
            var footprints = new List<Footprint>();
            foreach (var (item, path) in items)
            {
                var isFeature = path != "$geometry";
                var geometryPath = isFeature ? path + ".geometry" : "$";
                if (item.ValueKind != JsonValueKind.Object) throw new FootprintFormatException("body", $"{path}: a feature is a JSON object");
                if (isFeature && (!item.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object))
                    throw new FootprintFormatException("body", $"{geometryPath}: a feature to check needs a geometry");
                var geometry = GeoJson.ReadGeometry(isFeature ? item.GetProperty("geometry") : item, Geometries.ForSrid(crs.Srid), geometryPath);
                var label = isFeature ? Label(item, footprints.Count + 1) : "地块 1";
                footprints.Add(Build(footprints.Count + 1, label, geometry, crs, geometryPath));
            }
            return new FootprintSubmission("geojson", null, crs, footprints, []);
        }
    }

    private static FootprintSubmission FromWkt(ReadOnlySpan<byte> body, CrsReference crs)
    {
        Geometry geometry;
        try
        {
            geometry = WktParser.Read(Encoding.UTF8.GetString(body).TrimStart('\uFEFF'), Geometries.ForSrid(crs.Srid));
        }
        catch (WktFormatException e)
        {
            throw new FootprintFormatException("body", $"invalid WKT: {e.Message}");
        }
        return new FootprintSubmission("wkt", null, crs, [Build(1, "地块 1", geometry, crs, "WKT")], []);
    }

    private static string Label(JsonElement feature, int index)
    {
        if (feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
            foreach (var key in new[] { "name_zh", "name", "地块名称", "label" })
                if (p.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
        if (feature.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number) return id.ToString();
        return $"地块 {index}";
    }

    /// <summary>A polygon in the request CRS, brought to CGCS2000 lon/lat and to its Gauss–Krüger plane.</summary>
    private static Footprint Build(int index, string label, Geometry geometry, CrsReference crs, string path)
    {
        if (geometry is not (Polygon or MultiPolygon))
            throw new FootprintFormatException("body", $"{path} is a {geometry.GeometryType}; a footprint must be a Polygon or MultiPolygon");
        if (geometry.IsEmpty) throw new FootprintFormatException("body", $"{path} is empty");
        foreach (var ring in Rings(geometry))
        {
            var distinct = ring.Coordinates.Select(c => (c.X, c.Y)).Distinct().Count();
            if (distinct < 3) throw new FootprintFormatException("body", $"{path}: a ring has {distinct} distinct point(s); it needs at least 3");
        }
        var axes = crs.AxesSwapped ? AxisOrder.Swapped(geometry) : geometry;
        if (crs.OutsideValidArea(axes) is { } outside) throw new FootprintFormatException("body", $"{path}: {outside}");
        if (GaussKrugerZone.FromSrid(crs.Srid) is { } gk)
        {
            var lonLat = GaussKruger.ToLonLat(axes, gk.Zone, gk.Prefixed);
            return new Footprint(index, label, lonLat, axes, gk.Zone, gk.Prefixed);
        }
        var lonLatGeometry = Geometries.LonLat.CreateGeometry(axes);
        var zone = GaussKrugerZone.ForLongitude(lonLatGeometry.Centroid.X);
        return new Footprint(index, label, lonLatGeometry, GaussKruger.ToPlane(lonLatGeometry, zone), zone, false);
    }

    private static IEnumerable<LineString> Rings(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>().SelectMany(p => new[] { p.Shell }.Concat(p.Holes));

    private static string? OutsideChina(Footprint footprint)
    {
        var e = Extent.OfEveryCoordinate(footprint.LonLat);
        return e.MinX < 73 || e.MaxX > 136 || e.MinY < 3 || e.MaxY > 54
            ? string.Create(CultureInfo.InvariantCulture, $"{footprint.Label} lies at {e.Centre.X:0.###}°E {e.Centre.Y:0.###}°N, outside China — check the CRS and the axis order (x = longitude/easting)")
            : null;
    }

    private static FootprintRejection Bad(string parameter, string reason) => new(StatusCodes.Status400BadRequest, "Invalid footprint",
        $"{parameter}: {reason}", new Dictionary<string, object?> { ["parameter"] = parameter });
}

/// <summary>A footprint body that cannot be read; <see cref="Parameter"/> is the request part at fault.</summary>
public sealed class FootprintFormatException(string parameter, string message) : FormatException(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>A body over a limit, found while it is being read.</summary>
public sealed class FootprintLimitException(FootprintRejection rejection) : Exception(rejection.Detail)
{
    public FootprintRejection Rejection { get; } = rejection;
}
