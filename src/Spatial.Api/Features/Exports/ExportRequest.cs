using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Exports;

/// <summary>The text encoding of a shapefile's .dbf: UTF-8, or GBK (code page 936) for ArcGIS before 10.2 and older domestic GIS.</summary>
public enum ShapefileEncoding { Utf8, Gbk }

/// <summary>
/// An export: the items request (every filter of /items applies), the file, and the CRS it is written in.
/// <see cref="Crs"/> is null for a DXF without <c>crs</c>: the Gauss–Krüger zone of the data, found when it is read.
/// </summary>
public sealed record ExportRequest(ItemsRequest Items, FileFormat File, CrsReference? Crs, ShapefileEncoding Encoding)
{
    public static readonly IReadOnlyList<string> EncodingCodes = ["UTF-8", "GBK"];

    /// <summary>The format's own rules on top of the items request: which CRS it can hold, and <c>encoding</c>.</summary>
    public static ParameterError? TryParse(ItemsRequest items, IQueryCollection query, out ExportRequest export)
    {
        export = null!;
        var file = ExportFormats.Of(items.Format);
        var crsGiven = query.ContainsKey("crs");
        if (ParseEncoding(ParameterChecks.Single(query, "encoding"), "encoding", out var encoding) is { } badEncoding) return badEncoding;
        if (CrsFor(file, crsGiven ? items.Crs : null, "crs", out var crs) is { } badCrs) return badCrs;
        export = new ExportRequest(items, file, crs, encoding);
        return null;
    }

    /// <summary><c>encoding</c>: UTF-8 or GBK, in any case; absent is UTF-8.</summary>
    public static ParameterError? ParseEncoding(string? value, string name, out ShapefileEncoding encoding)
    {
        encoding = ShapefileEncoding.Utf8;
        if (value is null) return null;
        if (value.Equals("UTF-8", StringComparison.OrdinalIgnoreCase)) return null;
        if (value.Equals("GBK", StringComparison.OrdinalIgnoreCase))
        {
            encoding = ShapefileEncoding.Gbk;
            return null;
        }
        return new ParameterError(name, $"'{Clip(value)}' is not offered; use {string.Join(" or ", EncodingCodes)} (GBK for ArcGIS before 10.2 and older domestic GIS)");
    }

    /// <summary>
    /// The CRS a file is written in, from the one asked for (null: none). GeoPackage and Shapefile hold any
    /// supported CRS (CGCS2000, EPSG:4490, by default); KML is always CRS84; DXF has no CRS of its own, so its
    /// coordinates must be metres a CAD drawing can measure: a Gauss–Krüger zone (by default the data's).
    /// </summary>
    public static ParameterError? CrsFor(FileFormat file, CrsReference? asked, string name, out CrsReference? crs)
    {
        crs = asked;
        switch (file.Format)
        {
            case OutputFormat.Gpkg or OutputFormat.Shp:
                crs = asked ?? CrsReference.Storage;
                return null;
            case OutputFormat.Kml:
                crs = CrsReference.Crs84;
                return asked is null || asked == CrsReference.Crs84 ? null
                    : new ParameterError(name, $"KML is always longitude, latitude in {CrsReference.Crs84Uri} (OGC KML 2.2); leave out {name} for f=kml");
            case OutputFormat.Dxf:
                if (asked is null || GaussKrugerZone.FromSrid(asked.Srid) is not null) return null;
                var zones = string.Join(", ", CrsReference.Supported.Where(c => GaussKrugerZone.FromSrid(c.Srid) is not null).Select(c => $"EPSG:{c.Srid}"));
                return new ParameterError(name, asked.Geographic
                    ? $"a DXF drawing has no CRS of its own and CAD measures its coordinates as metres; degrees of {asked.Uri} would make every length and area wrong. " +
                      $"Use a Gauss–Krüger zone ({zones}) or leave out {name} for the zone of the data"
                    : $"{asked.Uri} is not a Gauss–Krüger zone: Web Mercator stretches lengths by about 1.4 here, so CAD would measure them wrong. " +
                      $"Use one of {zones} or leave out {name} for the zone of the data");
            default:
                crs = asked ?? CrsReference.Crs84;
                return null;
        }
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
