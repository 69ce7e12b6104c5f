using Spatial.Api.Http;

namespace Spatial.Api.Features.Exports;

/// <summary>A file an export makes: its media type, the ending of its name, and the words a link or a message uses for it.</summary>
public sealed record FileFormat(OutputFormat Format, string MediaType, string Extension, string Title);

/// <summary>The export files. The four <see cref="Converted"/> ones are made by ogr2ogr; CSV and GeoJSON are the API's own writers.</summary>
public static class ExportFormats
{
    public static readonly FileFormat GeoPackage = new(OutputFormat.Gpkg, "application/geopackage+sqlite3", ".gpkg", "GeoPackage");
    public static readonly FileFormat Shapefile = new(OutputFormat.Shp, "application/zip", ".shp.zip", "Shapefile (zip)");
    public static readonly FileFormat Kml = new(OutputFormat.Kml, "application/vnd.google-earth.kml+xml", ".kml", "KML");
    public static readonly FileFormat Dxf = new(OutputFormat.Dxf, "image/vnd.dxf", ".dxf", "DXF (CAD)");
    public static readonly FileFormat Csv = new(OutputFormat.Csv, "text/csv; charset=utf-8", ".csv", "CSV");
    public static readonly FileFormat GeoJson = new(OutputFormat.GeoJson, "application/geo+json", ".geojson", "GeoJSON");

    /// <summary>What <c>/items?f=…</c> answers with a whole file instead of a page.</summary>
    public static IReadOnlyList<FileFormat> Converted { get; } = [GeoPackage, Shapefile, Kml, Dxf];

    /// <summary>Everything the command line writes, recognised by the file name's ending.</summary>
    public static IReadOnlyList<FileFormat> All { get; } = [.. Converted, Csv, GeoJson];

    public static bool IsConverted(this OutputFormat format) => Converted.Any(c => c.Format == format);

    public static FileFormat Of(OutputFormat format) => All.First(f => f.Format == format);

    /// <summary>The format a file name asks for by its ending (projects.shp.zip → Shapefile); null when none does.</summary>
    public static FileFormat? ForFileName(string fileName) =>
        All.FirstOrDefault(f => fileName.EndsWith(f.Extension, StringComparison.OrdinalIgnoreCase))
        ?? (fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? GeoJson : null);
}
