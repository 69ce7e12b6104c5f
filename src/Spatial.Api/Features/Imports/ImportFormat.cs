using System.IO.Compression;
using System.Text;

namespace Spatial.Api.Features.Imports;

/// <summary>The file formats an import reads; GDAL reads all but the land-parcel TXT, which is ours.</summary>
public enum ImportFormat { GeoJson, Shapefile, GeoPackage, Kml, Kmz, Dxf, LandParcelTxt, Csv, Xlsx }

public static class ImportFormats
{
    public static string Code(this ImportFormat format) => format switch
    {
        ImportFormat.GeoJson => "geojson",
        ImportFormat.Shapefile => "shapefile",
        ImportFormat.GeoPackage => "geopackage",
        ImportFormat.Kml => "kml",
        ImportFormat.Kmz => "kmz",
        ImportFormat.Dxf => "dxf",
        ImportFormat.LandParcelTxt => "txt",
        ImportFormat.Csv => "csv",
        ImportFormat.Xlsx => "xlsx",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The media type each format is sent with (the first of <see cref="Declared"/>'s names for it).</summary>
    public static string MediaType(this ImportFormat format) => format switch
    {
        ImportFormat.GeoJson => "application/geo+json",
        ImportFormat.Shapefile => "application/zip",
        ImportFormat.GeoPackage => "application/geopackage+sqlite3",
        ImportFormat.Kml => "application/vnd.google-earth.kml+xml",
        ImportFormat.Kmz => "application/vnd.google-earth.kmz",
        ImportFormat.Dxf => "image/vnd.dxf",
        ImportFormat.LandParcelTxt => "text/plain",
        ImportFormat.Csv => "text/csv",
        ImportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static IReadOnlyList<string> AcceptedTypes { get; } = [.. Enum.GetValues<ImportFormat>().Select(MediaType), "multipart/form-data"];

    /// <summary>
    /// The formats a declared media type allows: one, or several for a container (a zip holds a Shapefile, a KMZ
    /// or a workbook; plain text is a TXT or a CSV). Null: the type says nothing (octet-stream, none), the bytes decide.
    /// Empty: a type no import reads.
    /// </summary>
    public static IReadOnlyList<ImportFormat>? Declared(string? mediaType) => mediaType switch
    {
        null or "" or "application/octet-stream" or "binary/octet-stream" => null,
        "application/geo+json" or "application/json" => [ImportFormat.GeoJson],
        "application/zip" or "application/x-zip-compressed" or "application/x-zip" => [ImportFormat.Shapefile, ImportFormat.Kmz, ImportFormat.Xlsx],
        "application/geopackage+sqlite3" or "application/x-sqlite3" or "application/vnd.sqlite3" => [ImportFormat.GeoPackage],
        "application/vnd.google-earth.kml+xml" or "application/xml" or "text/xml" => [ImportFormat.Kml],
        "application/vnd.google-earth.kmz" => [ImportFormat.Kmz],
        "image/vnd.dxf" or "image/x-dxf" or "application/dxf" or "application/x-dxf" => [ImportFormat.Dxf],
        "text/plain" => [ImportFormat.LandParcelTxt, ImportFormat.Csv],
        // Browsers on Windows label a .csv with Excel's old type.
        "text/csv" or "application/vnd.ms-excel" => [ImportFormat.Csv],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => [ImportFormat.Xlsx],
        _ => [],
    };

    private static readonly byte[] Sqlite = "SQLite format 3\0"u8.ToArray();
    private static readonly byte[] ZipLocal = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ZipEmpty = [0x50, 0x4B, 0x05, 0x06];

    /// <summary>
    /// The format the file's own bytes show, or null when they show none of ours. <paramref name="head"/> is the
    /// file's first bytes (4 KiB are enough); <paramref name="zipEntries"/> the entry names when it is a zip.
    /// </summary>
    public static ImportFormat? Sniff(ReadOnlySpan<byte> head, IReadOnlyCollection<string>? zipEntries)
    {
        if (head.StartsWith(Sqlite)) return ImportFormat.GeoPackage;
        if (head.StartsWith(ZipLocal) || head.StartsWith(ZipEmpty))
        {
            if (zipEntries is null) return null;
            if (zipEntries.Any(e => e.EndsWith(".shp", StringComparison.OrdinalIgnoreCase))) return ImportFormat.Shapefile;
            if (zipEntries.Any(e => e.EndsWith(".kml", StringComparison.OrdinalIgnoreCase))) return ImportFormat.Kmz;
            if (zipEntries.Contains("[Content_Types].xml") && zipEntries.Any(e => e.StartsWith("xl/", StringComparison.Ordinal))) return ImportFormat.Xlsx;
            return null;
        }
        if (head.StartsWith("AutoCAD Binary DXF"u8)) return ImportFormat.Dxf;
        // JSON by its first character, whatever follows: GDAL then says whether it is GeoJSON it can read.
        var start = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        start = start.TrimStart(" \t\r\n"u8);
        if (start.Length > 0 && start[0] == (byte)'{') return ImportFormat.GeoJson;
        var text = Text(head);
        if (text is null) return null;
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('<')) return trimmed.Contains("<kml", StringComparison.Ordinal) ? ImportFormat.Kml : null;
        var lines = trimmed.Split('\n', 3);
        if (lines.Length >= 2 && lines[0].Trim() == "0" && lines[1].Trim() == "SECTION") return ImportFormat.Dxf;
        if (text.Contains("[属性描述]", StringComparison.Ordinal) || text.Contains("[地块坐标]", StringComparison.Ordinal)) return ImportFormat.LandParcelTxt;
        var first = lines[0];
        if (first.Length > 0 && (first.Contains(',') || first.Contains(';') || first.Contains('\t'))) return ImportFormat.Csv;
        return null;
    }

    /// <summary>The head as text when it is text (UTF-8, else GB18030); null for binary bytes. A character cut at the end is forgiven.</summary>
    private static string? Text(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
            if (b < 0x20 && b is not ((byte)'\r' or (byte)'\n' or (byte)'\t')) return null;
        var utf8 = Encoding.UTF8.GetString(head);
        return utf8.TrimEnd('\uFFFD').Contains('\uFFFD') ? Spatial.Geo.TextDecoding.Gb18030.GetString(head) : utf8;
    }

    /// <summary>The entry names of a zip, or null when it is not a readable zip.</summary>
    public static IReadOnlyCollection<string>? ZipEntries(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.Entries.Select(e => e.FullName).ToList();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The file's format from its bytes, held against the declared media type (415 when they disagree or name nothing we read).</summary>
    public static ImportFormat Recognise(SpooledFile file, ImportSettings settings)
    {
        var head = file.Head();
        var zipped = head.Length >= 4 && head[0] == 'P' && head[1] == 'K';
        var entries = zipped ? ZipContents.CheckAndUnpack(file.Path, settings) : null;
        var sniffed = Sniff(head, entries?.ToList());
        var declared = Declared(file.DeclaredType);
        var accepted = string.Join(", ", AcceptedTypes);
        if (declared is { Count: 0 })
            throw new ImportRefusedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{file.DeclaredType}' is not read by an import; send one of {accepted}");
        if (sniffed is null)
            throw new ImportRefusedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                zipped ? "file: a zip without a .shp (Shapefile), a .kml (KMZ) or a workbook (XLSX) inside"
                       : $"file: its bytes are none of the formats an import reads ({accepted})");
        if (declared is not null && !declared.Contains(sniffed.Value))
            throw new ImportRefusedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{file.DeclaredType}' says {string.Join(" or ", declared.Select(f => f.Code()))}, but the file's bytes are {sniffed.Value.Code()} " +
                $"(send it as {sniffed.Value.MediaType()})");
        return sniffed.Value;
    }
}
