using System.Globalization;
using Spatial.Geo;

namespace Spatial.Api.Features.Imports.Coordinates;

/// <summary>
/// The CRS a file says it is in, as far as it says: identified (<see cref="Crs"/>), not identified (the
/// reason in <see cref="Unrecognised"/>), or not said at all. <see cref="From"/> names where it was read,
/// for messages and the import's record.
/// </summary>
public sealed record DeclaredCrs(SourceCrs? Crs, string From, string? Unrecognised)
{
    /// <summary>A file that states no CRS (a Shapefile without .prj, a CSV, a GeoJSON is CRS84 by RFC 7946: use <see cref="Crs84"/>).</summary>
    public static DeclaredCrs None { get; } = new(null, "the file", null);

    /// <summary>KML, KMZ and RFC 7946 GeoJSON: always WGS 84 longitude, latitude.</summary>
    public static DeclaredCrs Crs84(string from = "KML") => new(new SourceCrs(GeodeticDatum.Wgs84, null), from, null);

    /// <summary>An EPSG code, e.g. a GeoPackage's <c>gpkg_spatial_ref_sys</c> organization_coordsys_id.</summary>
    public static DeclaredCrs FromEpsg(int code, string from = "the file") =>
        SourceCrs.FromEpsg(code) is { } crs
            ? new DeclaredCrs(crs, from, null)
            : new DeclaredCrs(null, from, $"EPSG:{code.ToString(CultureInfo.InvariantCulture)} is not a CRS imports take");

    /// <summary>A WKT: a Shapefile's .prj (ArcGIS or domestic GIS, usually without codes), GDAL's WKT of a layer.</summary>
    public static DeclaredCrs FromWkt(string wkt, string from = "the .prj") =>
        CrsIdentification.FromWkt(wkt, out var reason) is { } crs ? new DeclaredCrs(crs, from, null) : new DeclaredCrs(null, from, reason);

    /// <summary>A land-parcel TXT header (<c>坐标系=</c>, <c>几度分带=</c>) with the zone the file's eastings or <c>带号=</c> give.</summary>
    public static DeclaredCrs FromTxtHeader(IReadOnlyDictionary<string, string> header, int zone, bool prefixed) =>
        CrsIdentification.FromTxtHeader(header, zone, prefixed, out var reason) is { } crs
            ? new DeclaredCrs(crs, "the TXT header", null)
            : new DeclaredCrs(null, "the TXT header", reason);
}
