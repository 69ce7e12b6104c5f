using System.Globalization;
using System.Text.Json.Nodes;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// What GDAL must be told about a file's coordinates (<c>-s_srs</c>, <c>-t_srs</c>) and the record kept with the
/// import of what was used. Every staged geometry is CGCS2000 lon/lat (EPSG:4490), as the layers store it.
/// </summary>
public sealed record CoordinatePlan(IReadOnlyList<string> OgrArguments, JsonObject Record);

/// <summary>
/// The plain cases: a file's own CRS (.prj, GeoPackage, GeoJSON's CRS84, KML's CRS84), or the <c>crs</c> parameter,
/// which fills a missing one or overrides it. A CSV without <c>crs</c> is CGCS2000 lon/lat; a DXF or a Shapefile
/// without .prj needs <c>crs</c>.
/// </summary>
public static class ImportCrs
{
    public const string Target = "EPSG:4490";

    /// <summary>Names of the legacy-datum parameters this plan reads besides <c>crs</c> (none in the plain cases).</summary>
    public static bool IsDatumParameter(string name) => false;

    public static (CoordinatePlan? Plan, ParameterError? Error) Plan(ImportFormat format, CrsReference? crs, bool fileDeclaresCrs)
    {
        var record = new JsonObject { ["target"] = Target };
        var arguments = new List<string> { "-t_srs", Target };
        if (crs is not null)
        {
            var source = Code(crs);
            arguments.AddRange(["-s_srs", source]);
            record["source"] = source;
            record["from"] = fileDeclaresCrs ? "the crs parameter, overriding the file's" : "the crs parameter";
            return (new CoordinatePlan(arguments, record), null);
        }
        if (fileDeclaresCrs)
        {
            record["source"] = format is ImportFormat.Kml or ImportFormat.Kmz or ImportFormat.GeoJson ? "OGC:CRS84" : "the file's";
            record["from"] = "the file";
            return (new CoordinatePlan(arguments, record), null);
        }
        if (format == ImportFormat.Csv)
        {
            arguments.AddRange(["-s_srs", Target]);
            record["source"] = Target;
            record["from"] = "default for a table of coordinates (CGCS2000 longitude/latitude)";
            return (new CoordinatePlan(arguments, record), null);
        }
        var what = format switch
        {
            ImportFormat.Dxf => "a DXF drawing names no CRS",
            ImportFormat.Shapefile => "the Shapefile has no .prj",
            _ => "the file names no CRS",
        };
        return (null, new ParameterError("crs", $"{what}; name its CRS, e.g. crs=4532 (CGCS2000 3° Gauss–Krüger zone 44 with the zone prefix) or crs=4553 (without)"));
    }

    /// <summary>GDAL's name of a CRS (ogr2ogr reads -s_srs in GIS axis order: x = longitude/easting).</summary>
    public static string Code(CrsReference crs) =>
        crs.Uri == CrsReference.Crs84Uri ? "OGC:CRS84" : "EPSG:" + crs.Srid.ToString(CultureInfo.InvariantCulture);
}
