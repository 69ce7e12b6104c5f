using System.Globalization;
using Spatial.Geo;

namespace Spatial.Api.Http;

/// <summary>What a response is written as: the <c>f</c> parameter. Gpkg to Dxf are files made by GDAL (see Features/Exports); Mvt and TileJson are tiles and their TileJSON (Features/Tiles).</summary>
public enum OutputFormat { Json, GeoJson, Csv, Html, Gpkg, Shp, Kml, Dxf, Mvt, TileJson }

/// <summary>
/// The parameter checks every endpoint shares — unknown names, <c>f</c>, <c>crs</c>, <c>tolerance</c>, a code of a
/// vocabulary — so one parameter is refused in the same words everywhere. Each returns the
/// <see cref="ParameterError"/> its 400 names, or null. The value checks take plain strings, so the
/// command line's options are held to the same rules.
/// </summary>
public static class ParameterChecks
{
    /// <summary>The largest sliver tolerance a footprint check takes, in m².</summary>
    public const int MaxToleranceM2 = 10_000;

    /// <summary>The value of a parameter as given (repeated values joined by commas), or null when absent.</summary>
    public static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>The code of a format as <c>f</c> takes it: json, geojson, csv, html, gpkg, shp, kml, dxf, mvt, tilejson.</summary>
    public static string Code(this OutputFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The first parameter that is not one of <paramref name="allowed"/>.</summary>
    public static ParameterError? OnlyKnown(IQueryCollection query, IReadOnlyCollection<string> allowed) =>
        OnlyKnown(query, allowed.Contains, $"this resource takes {string.Join(", ", allowed)}");

    /// <summary>The first parameter <paramref name="known"/> refuses; <paramref name="takes"/> tells the client what it may send instead.</summary>
    public static ParameterError? OnlyKnown(IQueryCollection query, Func<string, bool> known, string takes)
    {
        foreach (var key in query.Keys)
            if (!known(key)) return new ParameterError(key, $"unknown parameter; {takes}");
        return null;
    }

    /// <summary><c>f</c>: one of <paramref name="offered"/>; absent or empty is the first of them.</summary>
    public static ParameterError? Format(IQueryCollection query, IReadOnlyList<OutputFormat> offered, out OutputFormat format)
    {
        format = offered[0];
        if (Single(query, "f") is not { Length: > 0 } f) return null;
        foreach (var candidate in offered)
            if (candidate.Code() == f)
            {
                format = candidate;
                return null;
            }
        var codes = offered.Select(o => o.Code()).ToList();
        var alternatives = codes.Count == 1 ? codes[0] : $"{string.Join(", ", codes.SkipLast(1))} or {codes[^1]}";
        return new ParameterError("f", $"'{f}' is not offered; use {alternatives}");
    }

    public static ParameterError? Crs(IQueryCollection query, string name, out CrsReference crs) => Crs(name, Single(query, name), out crs);

    /// <summary>A CRS URI (or EPSG code) of <see cref="CrsReference.Supported"/>; absent is CRS84.</summary>
    public static ParameterError? Crs(string name, string? value, out CrsReference crs)
    {
        crs = CrsReference.Crs84;
        if (value is null) return null;
        if (CrsReference.Parse(value) is { } parsed)
        {
            crs = parsed;
            return null;
        }
        return new ParameterError(name, $"'{value}' is not a supported CRS; use one of {string.Join(", ", CrsReference.Supported.Select(c => c.Uri))}");
    }

    /// <summary>An area in m² from 0 to <see cref="MaxToleranceM2"/>; null when absent.</summary>
    public static ParameterError? Tolerance(string name, string? value, out double? toleranceM2)
    {
        toleranceM2 = null;
        if (value is null) return null;
        // Written as a range test so NaN (which TryParse accepts) is refused too.
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var tolerance) || tolerance is not (>= 0 and <= MaxToleranceM2))
            return new ParameterError(name, string.Create(CultureInfo.InvariantCulture, $"'{value}' is not an area in m² from 0 to {MaxToleranceM2}"));
        toleranceM2 = tolerance;
        return null;
    }

    /// <summary>One of <paramref name="codes"/> (a vocabulary read from the database); <paramref name="what"/> names it, e.g. "a sector".</summary>
    public static ParameterError? OneOf(string name, string value, IReadOnlyCollection<string> codes, string what) =>
        codes.Contains(value) ? null : new ParameterError(name, $"'{value}' is not {what}; use one of {string.Join(", ", codes)}");
}
