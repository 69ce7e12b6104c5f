using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Features.Editing;
using Spatial.Api.Features.Imports.Coordinates;
using Spatial.Geo;

namespace Spatial.Api.Features.Imports;

/// <summary>A file in its staging table <c>import_staging.i_&lt;id&gt;</c> (ogc_fid in file order, geom in EPSG:4490, its fields as GDAL named them).</summary>
public sealed record StagedFile(string Table, EncodingUsed Encoding, JsonObject Crs, string? Layer);

/// <summary>
/// Puts a file into its staging table: GDAL's ogr2ogr for every format it reads (after the zip checks), our own
/// reader for the land-parcel TXT. The staging schema is dropped table by table after each import.
/// </summary>
public sealed class Staging(NpgsqlConnectionStringBuilder database, ImportSettings settings)
{
    public const string Schema = "import_staging";

    public static string Table(long importId) => "i_" + importId.ToString(CultureInfo.InvariantCulture);

    public static string Candidates(long importId) => "c_" + importId.ToString(CultureInfo.InvariantCulture);

    private static readonly EncodingUsed Utf8ByFormat = new("UTF-8", false, "the format is UTF-8");

    private static readonly string[] XNames = ["lon", "lng", "long", "longitude", "经度", "x"];
    private static readonly string[] YNames = ["lat", "latitude", "纬度", "y"];
    // Chinese surveying writes X for the northing and Y for the easting (测量坐标系).
    private static readonly string[] EastingNames = ["y", "easting", "东坐标", "e"];
    private static readonly string[] NorthingNames = ["x", "northing", "北坐标", "n"];
    private static readonly string[] WktNames = ["wkt", "geometry", "geom", "几何", "the_geom"];

    public async Task<StagedFile> StageAsync(long importId, SpooledFile file, ImportFormat format, ImportParameters parameters,
        EditableLayer layer, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var table = Table(importId);
        var sent = format;

        var work = file.Directory;
        var source = file.Path;
        var openOptions = new List<string>();
        var encoding = Utf8ByFormat;
        DeclaredCrs? declared;
        string? layerName = null;
        switch (format)
        {
            case ImportFormat.LandParcelTxt:
            {
                (source, encoding, declared) = TxtAsGeoJson(file);
                format = ImportFormat.GeoJson;
                break;
            }
            case ImportFormat.Shapefile:
            {
                var unpacked = Directory.CreateDirectory(Path.Combine(work, "shp")).FullName;
                var entries = ZipContents.CheckAndUnpack(file.Path, settings, unpacked,
                    e => Path.GetExtension(e).ToLowerInvariant() is ".shp" or ".shx" or ".dbf" or ".prj" or ".cpg");
                var shapes = entries.Where(e => e.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).Select(Path.GetFileNameWithoutExtension).ToList();
                var chosen = parameters.Layer is { } wanted
                    ? shapes.FirstOrDefault(s => s == wanted) ?? throw ImportRefusedException.Needs("layer", $"the zip has no Shapefile '{wanted}'; it has {string.Join(", ", shapes)}")
                    : shapes.Count == 1 ? shapes[0] : throw ImportRefusedException.Needs("layer", $"the zip holds {shapes.Count} Shapefiles; choose one of {string.Join(", ", shapes)}");
                source = Path.Combine(unpacked, chosen + ".shp");
                var dbf = Directory.EnumerateFiles(unpacked).FirstOrDefault(f => Path.GetFileName(f).Equals(chosen + ".dbf", StringComparison.OrdinalIgnoreCase));
                if (dbf is not null)
                {
                    (encoding, var gdalName) = ShapefileEncoding.Choose(dbf, parameters.Encoding);
                    openOptions.AddRange(["-oo", "ENCODING=" + gdalName]);
                }
                var prj = Directory.EnumerateFiles(unpacked).FirstOrDefault(f => Path.GetFileName(f).Equals(chosen + ".prj", StringComparison.OrdinalIgnoreCase));
                declared = prj is null ? new DeclaredCrs(null, "the Shapefile (it has no .prj)", null) : DeclaredCrs.FromWkt(File.ReadAllText(prj));
                break;
            }
            case ImportFormat.Kmz:
            {
                var unpacked = Directory.CreateDirectory(Path.Combine(work, "kmz")).FullName;
                var entries = ZipContents.CheckAndUnpack(file.Path, settings, unpacked, e => e.EndsWith(".kml", StringComparison.OrdinalIgnoreCase));
                var kml = entries.FirstOrDefault(e => e.Equals("doc.kml", StringComparison.OrdinalIgnoreCase))
                          ?? entries.First(e => e.EndsWith(".kml", StringComparison.OrdinalIgnoreCase));
                source = Path.Combine(unpacked, Path.GetFileName(kml));
                declared = DeclaredCrs.Crs84("KMZ");
                break;
            }
            case ImportFormat.Xlsx:
            {
                ZipContents.CheckAndUnpack(file.Path, settings);
                source = Renamed(file, ".xlsx");
                var sheet = GdalLayers.Choose(await GdalLayers.ListAsync(source, cancellationToken), parameters.Layer);
                layerName = sheet.Name;
                var csv = Path.Combine(work, "sheet.csv");
                var converted = await Gdal.RunAsync("ogr2ogr", ["-f", "CSV", csv, source, sheet.Name], cancellationToken);
                if (converted.ExitCode != 0) throw ImportRefusedException.Unreadable($"file: GDAL cannot read the workbook ({GdalLayers.FirstError(converted.Errors)})");
                source = csv;
                encoding = new EncodingUsed("UTF-8", false, "a workbook's text is Unicode");
                declared = TableOfCoordinates;
                format = ImportFormat.Csv;
                break;
            }
            case ImportFormat.Csv:
            {
                (source, encoding) = Utf8Copy(file, parameters.Encoding);
                declared = TableOfCoordinates;
                break;
            }
            case ImportFormat.Dxf when parameters.Encoding is { } drawing:
                // A drawing names its code page ($DWGCODEPAGE); the parameter is for one that names none or the wrong one.
                openOptions.AddRange(["--config", "DXF_ENCODING", drawing == TextEncoding.Gbk ? "CP936" : "UTF-8"]);
                encoding = new EncodingUsed(ImportParameters.Code(drawing), false, "the encoding parameter");
                source = Renamed(file, ".dxf");
                declared = Drawing;
                break;
            default:
                source = Renamed(file, format switch
                {
                    ImportFormat.GeoJson => ".geojson",
                    ImportFormat.GeoPackage => ".gpkg",
                    ImportFormat.Kml => ".kml",
                    _ => ".dxf",
                });
                declared = format switch
                {
                    ImportFormat.GeoJson => DeclaredCrs.Crs84("GeoJSON (RFC 7946)"),
                    ImportFormat.Kml => DeclaredCrs.Crs84("KML"),
                    ImportFormat.Dxf => Drawing,
                    _ => null, // a GeoPackage: its layer's, once GDAL has said which
                };
                if (format == ImportFormat.Dxf) encoding = new EncodingUsed("the drawing's code page", false, "$DWGCODEPAGE of the DXF header");
                break;
        }
        var plan = declared is null ? null : Plan(parameters, declared);
        if (format == ImportFormat.Csv)
        {
            var projected = plan!.Source.Plane is not null;
            openOptions.AddRange([
                "-oo", "X_POSSIBLE_NAMES=" + Names(projected ? EastingNames : XNames), "-oo", "Y_POSSIBLE_NAMES=" + Names(projected ? NorthingNames : YNames),
                "-oo", "GEOM_POSSIBLE_NAMES=" + Names(WktNames), "-oo", "KEEP_GEOM_COLUMNS=NO", "-oo", "AUTODETECT_TYPE=NO",
            ]);
        }
        var layers = await GdalLayers.ListAsync(source, cancellationToken, openOptions);
        if (format is ImportFormat.GeoPackage or ImportFormat.Kml or ImportFormat.Kmz)
        {
            var chosenLayer = GdalLayers.Choose(layers, parameters.Layer);
            layerName = chosenLayer.Name;
            plan ??= Plan(parameters, chosenLayer.CrsWkt is { } wkt
                ? DeclaredCrs.FromWkt(wkt, $"the GeoPackage layer '{chosenLayer.Name}'")
                : new DeclaredCrs(null, $"the GeoPackage layer '{chosenLayer.Name}'", null));
        }

        var arguments = new List<string>
        {
            "-f", "PostgreSQL", Gdal.PgConnection(database, Schema), source,
        };
        if (format is ImportFormat.GeoPackage or ImportFormat.Kml or ImportFormat.Kmz) arguments.Add(layerName!);
        arguments.AddRange([
            "-nln", table, "-lco", "SCHEMA=" + Schema, "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=ogc_fid", "-lco", "LAUNDER=NO",
            "-lco", "PRECISION=NO", "-lco", "SPATIAL_INDEX=NONE", "-dim", "XY", "--config", "PG_USE_COPY", "YES",
        ]);
        arguments.AddRange(openOptions);
        arguments.AddRange(plan!.Ogr2OgrArguments);
        if (format == ImportFormat.Dxf)
        {
            if (parameters.Layer is { } cadLayer) arguments.AddRange(["-where", $"\"Layer\" = '{cadLayer.Replace("'", "''")}'"]);
        }
        else if (!layer.Point) arguments.AddRange(["-nlt", "PROMOTE_TO_MULTI"]);
        var staged = await Gdal.RunAsync("ogr2ogr", arguments, cancellationToken, database);
        if (staged.ExitCode != 0 || !await ExistsAsync(connection, table, cancellationToken))
            throw ImportRefusedException.Unreadable($"file: GDAL could not read it as {format.Code()} ({GdalLayers.FirstError(staged.Errors)})");
        await plan.AdjustStagedAsync(connection, $"{Schema}.{table}", "geom", cancellationToken);
        if (format == ImportFormat.Dxf) await DxfOutlines.BuildAsync(connection, table, cancellationToken);
        if (format is ImportFormat.Kml or ImportFormat.Kmz) await KmlPlacemarks.TidyAsync(connection, table, layer, parameters.Mapping, cancellationToken);
        // A workbook's cells have no apostrophes to undo: Excel keeps its text prefix out of the value.
        if (sent == ImportFormat.Csv) await CsvFormulaGuard.UndoAsync(connection, table, cancellationToken);
        return new StagedFile(table, encoding, plan.Record, layerName);
    }

    private static readonly DeclaredCrs TableOfCoordinates = DeclaredCrs.FromEpsg(Geometries.Cgcs2000, "a table of coordinates (CGCS2000 longitude/latitude unless crs says otherwise)");

    private static readonly DeclaredCrs Drawing = new(null, "a DXF drawing", null);

    private static CoordinatePlan Plan(ImportParameters parameters, DeclaredCrs declared)
    {
        var resolution = CoordinatePlans.Resolve(parameters.Coordinates, declared);
        return resolution.Planned ? resolution.Plan : throw ImportRefusedException.Needs(resolution.Error.Parameter, resolution.Error.Reason);
    }

    private static string Names(IEnumerable<string> names) => string.Join(',', names.SelectMany(n => new[] { n, n.ToUpperInvariant() }).Distinct());

    /// <summary>GDAL picks drivers by extension for some formats; the spooled file is given its format's.</summary>
    private static string Renamed(SpooledFile file, string extension)
    {
        var path = file.Path + extension;
        if (!File.Exists(path)) File.Copy(file.Path, path);
        return path;
    }

    /// <summary>A CSV as UTF-8 for GDAL: in the declared encoding, else UTF-8 when it is valid, else GB18030 (guessed).</summary>
    private static (string Path, EncodingUsed Encoding) Utf8Copy(SpooledFile file, TextEncoding? declared)
    {
        var bytes = File.ReadAllBytes(file.Path);
        string text;
        EncodingUsed used;
        if (declared is { } given)
        {
            text = (given == TextEncoding.Gbk ? TextDecoding.Gb18030 : new UTF8Encoding(false)).GetString(bytes).TrimStart('\uFEFF');
            used = new EncodingUsed(ImportParameters.Code(given), false, "the encoding parameter");
        }
        else
        {
            var (decoded, name) = TextDecoding.Decode(bytes);
            text = decoded;
            used = name == "UTF-8"
                ? new EncodingUsed("UTF-8", true, "no encoding parameter: the file is valid UTF-8")
                : new EncodingUsed("GBK", true, "no encoding parameter: the file is not valid UTF-8, so it was read as GBK (GB18030)");
        }
        var path = file.Path + ".csv";
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return (path, used);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"{Schema}.{table}", NpgsqlDbType = NpgsqlDbType.Text });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The land-parcel TXT, read by our own parser, as a GeoJSON of its parcels in the file's plane (x = easting): one
    /// feature per parcel with its 属性 fields by their Chinese names; GDAL stages it like any other file.
    /// </summary>
    private static (string Path, EncodingUsed Encoding, DeclaredCrs Declared) TxtAsGeoJson(SpooledFile file)
    {
        LandParcelFile parsed;
        var features = new JsonArray();
        try
        {
            parsed = LandParcelTxt.Parse(File.ReadAllBytes(file.Path));
            foreach (var parcel in parsed.Parcels)
            {
                var plane = ParcelOutlines.Build(parcel, parsed).Plane;
                features.Add(new JsonObject
                {
                    ["type"] = "Feature",
                    ["properties"] = new JsonObject
                    {
                        ["地块编号"] = parcel.Number, ["地块名称"] = parcel.Name, ["地块面积"] = parcel.DeclaredAreaHectares, ["图形属性"] = parcel.Shape,
                        ["图幅号"] = parcel.MapSheet, ["地块用途"] = parcel.Use, ["地类编码"] = parcel.LandClass,
                    },
                    ["geometry"] = JsonNode.Parse(GeoJson.ToJson(plane, decimals: 4)),
                });
            }
        }
        catch (LandParcelFormatException e)
        {
            throw ImportRefusedException.Unreadable($"file: {e.Message}");
        }
        var path = file.Path + ".geojson";
        File.WriteAllText(path, new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString(), new UTF8Encoding(false));
        var encoding = parsed.Encoding == "UTF-8"
            ? new EncodingUsed("UTF-8", true, "the file is valid UTF-8")
            : new EncodingUsed("GBK", true, "the file is not valid UTF-8, so it was read as GB18030");
        return (path, encoding, DeclaredCrs.FromTxtHeader(parsed.Header, parsed.Zone.Zone, parsed.Prefixed));
    }

    /// <summary>Drops an import's staging tables (also those a killed process left).</summary>
    public static async Task DropAsync(NpgsqlConnection connection, long importId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"DROP TABLE IF EXISTS {Schema}.{Table(importId)}; DROP TABLE IF EXISTS {Schema}.{Candidates(importId)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
