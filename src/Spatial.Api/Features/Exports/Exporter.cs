using System.Globalization;
using System.IO.Compression;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Exports;

/// <summary>Why an export was not made (the request was fine as HTTP, but not as an export); a 400 for the API.</summary>
public sealed record ExportRefusal(string Title, string Detail, string? Parameter = null, int? Limit = null);

/// <summary>A finished export file in its private folder; disposing removes the folder.</summary>
public sealed class ExportedFile(ExportFolder folder, string path, string fileName, FileFormat format, CrsReference crs, int features, string warnings)
    : IDisposable
{
    public string Path { get; } = path;

    /// <summary>The name a client saves it as: the collection's id and the format's ending (projects.gpkg).</summary>
    public string FileName { get; } = fileName;

    public FileFormat Format { get; } = format;
    public CrsReference Crs { get; } = crs;
    public int Features { get; } = features;

    /// <summary>What ogr2ogr warned about (a value cut to 254 bytes in a .dbf, a character GBK lacks), paths removed.</summary>
    public string Warnings { get; } = warnings;

    public void Dispose() => folder.Dispose();
}

/// <summary>
/// Every feature an items request matches, as one file, by the same statement as /items (ItemsSql): PostgreSQL
/// streams the rows, which go to disk one by one; GeoPackage, Shapefile, KML and DXF are then made from that
/// GeoJSON by ogr2ogr through a VRT that declares the layer. Used by /items?f=… and by <c>spatial export</c>.
/// </summary>
public sealed class Exporter(NpgsqlDataSource database, ExportOptions options, TimeSpan deadline)
{
    /// <summary>The CGCS2000 zone of 鸡西市, for a DXF of a layer that has no geometry at all.</summary>
    private static readonly GaussKrugerZone PlanAreaZone = new(44);

    private static readonly string[] ShapefileParts = [".shp", ".shx", ".dbf", ".prj", ".cpg"];

    public async Task<(ExportedFile? File, ExportRefusal? Refusal)> RunAsync(ExportRequest export, CancellationToken cancellationToken)
    {
        var folder = ExportFolder.Create(options.TempDirectory);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            var (crs, zoneRefusal) = export.Crs is { } asked ? (asked, null) : await ZoneOfDataAsync(connection, export.Items, cancellationToken);
            if (zoneRefusal is not null)
            {
                folder.Dispose();
                return (null, zoneRefusal);
            }
            var fields = ExportFields.For(export.Items, export.File);
            var columns = export.File.Format switch
            {
                OutputFormat.Dxf => ExportFields.Drawing(export.Items.Collection, crs!),
                _ when export.File.Format.IsConverted() => fields.Select(f => f.Column).ToList(),
                _ => export.Items.Properties,
            };
            var items = export.Items with { Crs = crs!, Limit = options.MaxFeatures, Properties = columns, Offset = 0 };
            var spool = folder.File(export.File.Format.IsConverted() ? LayerVrt.SpoolFile : "export" + export.File.Extension);
            var gbk = export.File.Format == OutputFormat.Shp && export.Encoding == ShapefileEncoding.Gbk;
            var (count, lost, tooMany) = await SpoolAsync(connection, items, spool, gbk, cancellationToken);
            if (tooMany is not null)
            {
                folder.Dispose();
                return (null, tooMany);
            }
            var fileName = export.Items.Collection.Id + export.File.Extension;
            var (path, warnings) = export.File.Format.IsConverted()
                ? await ConvertAsync(export, items, fields, folder, count, fileName, cancellationToken)
                : (spool, "");
            if (lost > 0) warnings = string.Create(CultureInfo.InvariantCulture, $"{lost} character(s) GBK lacks were written as '?'. {warnings}").Trim();
            return (new ExportedFile(folder, path, fileName, export.File, crs!, count, warnings), null);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    private static async Task<(CrsReference? Crs, ExportRefusal? Refusal)> ZoneOfDataAsync(
        NpgsqlConnection connection, ItemsRequest items, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        await using var command = new NpgsqlCommand(ItemsSql.BuildCentralLongitude(items, parameters), connection);
        parameters.AddTo(command.Parameters);
        var longitude = await command.ExecuteScalarAsync(cancellationToken) as double?;
        var zone = longitude is { } lon ? GaussKrugerZone.ForLongitude(lon) : PlanAreaZone;
        if (CrsReference.Supported.FirstOrDefault(c => c.Srid == zone.SridWithPrefix) is { } crs) return (crs, null);
        return (null, new ExportRefusal("Invalid parameter",
            string.Create(CultureInfo.InvariantCulture, $"crs: the features lie around {longitude:0.##}°E, in Gauss–Krüger zone {zone.Zone}, which this service does not offer; give crs"), "crs"));
    }

    /// <summary>Writes the rows to <paramref name="path"/>; refuses before writing anything when more match than an export holds.</summary>
    private async Task<(int Count, int Lost, ExportRefusal? TooMany)> SpoolAsync(
        NpgsqlConnection connection, ItemsRequest items, string path, bool gbk, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        await using var command = new NpgsqlCommand(ItemsSql.Build(items, parameters, countMatched: true), connection);
        parameters.AddTo(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var matched = reader.GetInt64(ItemsSql.Column.Matched);
        if (matched > options.MaxFeatures)
            return (0, 0, new ExportRefusal("Export too large", string.Create(CultureInfo.InvariantCulture,
                $"{matched} features match; an export holds at most {options.MaxFeatures}. Narrow it with bbox, filter or a queryable, or export it in parts."),
                Limit: options.MaxFeatures));
        var count = 0;
        var file = FeatureFiles.Open(path, items, gbk);
        await using (file)
        {
            if (!reader.IsDBNull(ItemsSql.Column.Id))
                do
                {
                    await file.WriteAsync(reader, cancellationToken);
                    count++;
                } while (await reader.ReadAsync(cancellationToken));
        }
        return (count, file.Lost, null);
    }

    private async Task<(string Path, string Warnings)> ConvertAsync(ExportRequest export, ItemsRequest items, IReadOnlyList<ExportField> fields,
        ExportFolder folder, int count, string fileName, CancellationToken cancellationToken)
    {
        var collection = items.Collection;
        var vrt = export.File.Format == OutputFormat.Dxf
            ? LayerVrt.Drawing(collection, empty: count == 0)
            : LayerVrt.Table(collection, items.Crs, fields, export.File);
        LayerVrt.Save(vrt, folder.File(LayerVrt.FileName));
        var converter = new Ogr2ogr(options.Ogr2ogr, deadline);
        var output = fileName;
        if (export.File.Format == OutputFormat.Shp)
        {
            Directory.CreateDirectory(folder.File("shape"));
            output = Path.Combine("shape", collection.Id + ".shp");
        }
        var warnings = await converter.RunAsync(Arguments(export, fields, output), folder.Path, cancellationToken);
        if (export.File.Format != OutputFormat.Shp) return (folder.File(fileName), warnings);
        return (await ZipShapefileAsync(export, fields, folder, fileName, cancellationToken), warnings);
    }

    private static List<string> Arguments(ExportRequest export, IReadOnlyList<ExportField> fields, string output)
    {
        List<string> arguments = export.File.Format switch
        {
            OutputFormat.Gpkg => ["-f", "GPKG"],
            OutputFormat.Shp =>
            [
                "-f", "ESRI Shapefile", "-lco", "RESIZE=YES",
                // GBK as the dBase language driver 0x7A (code page 936), which ArcGIS reads; the .cpg is written after.
                "-lco", export.Encoding == ShapefileEncoding.Gbk ? "ENCODING=LDID/122" : "ENCODING=UTF-8",
            ],
            // Each feature's Chinese name is its placemark's <name>.
            OutputFormat.Kml => ["-f", "KML", .. fields.Any(f => f.Name == "name_zh") ? new[] { "-dsco", "NameField=name_zh" } : []],
            // Outlines as closed polylines a CAD user can snap to, not as filled hatches.
            OutputFormat.Dxf => ["--config", "DXF_WRITE_HATCH", "NO", "-f", "DXF"],
            _ => throw new ArgumentOutOfRangeException(nameof(export), export.File.Format, "not a converted format"),
        };
        arguments.AddRange([output, LayerVrt.FileName]);
        return arguments;
    }

    /// <summary>The shapefile's parts, its .cpg and fields.csv (short field name → property → title) in one zip.</summary>
    private static async Task<string> ZipShapefileAsync(
        ExportRequest export, IReadOnlyList<ExportField> fields, ExportFolder folder, string fileName, CancellationToken cancellationToken)
    {
        var shape = folder.File("shape");
        var stem = export.Items.Collection.Id;
        // ArcGIS names code pages by number: 936 is GBK.
        await File.WriteAllTextAsync(Path.Combine(shape, stem + ".cpg"), export.Encoding == ShapefileEncoding.Gbk ? "936" : "UTF-8", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(shape, "fields.csv"), ExportFields.MappingCsv(fields), cancellationToken);
        var zip = folder.File(fileName);
        await using (var archive = new ZipArchive(new FileStream(zip, FileMode.CreateNew), ZipArchiveMode.Create))
            foreach (var part in ShapefileParts.Select(e => stem + e).Append("fields.csv"))
                if (File.Exists(Path.Combine(shape, part)))
                    await archive.CreateEntryFromFileAsync(Path.Combine(shape, part), part, CompressionLevel.Optimal, cancellationToken);
        return zip;
    }
}
