using System.Text;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Exports;

/// <summary>
/// A column of an export file: its name there, the property it holds, and the OGR field type ogr2ogr gives it.
/// The types are declared, not guessed from the values, so a filter whose features all lack a number still
/// exports a number column.
/// </summary>
public sealed record ExportField(string Name, FeatureProperty Source, string OgrType, string? OgrSubType = null)
{
    /// <summary>The property as the export's statement writes it: under the file's name, arrays as their JSON text.</summary>
    public FeatureProperty Column => Source.Type == PropertyType.StringArray
        ? Source with { Name = Name, Type = PropertyType.String, Output = $"array_to_json({Source.OutputSql})::text" }
        : Source with { Name = Name };

    /// <summary>
    /// A shapefile's fields have a fixed width: text starts at dBase's widest (254 bytes), numbers with room for
    /// 17 digits before the point and 6 after (GDAL's default 24.15 has no room for 10⁹ yuan), and RESIZE shrinks
    /// each to its longest value. Other formats have no widths (0).
    /// </summary>
    public (int Width, int Precision) Size(FileFormat file) => file.Format != OutputFormat.Shp ? (0, 0) : OgrType switch
    {
        "String" => (254, 0),
        "Real" => (24, 6),
        _ => (0, 0),
    };
}

/// <summary>The columns of an export file, and the mapping file that explains a shapefile's short names.</summary>
public static class ExportFields
{
    /// <summary>The feature id, which every file has as its own column first.</summary>
    public const string IdField = "id";

    /// <summary>
    /// The properties the request chose, as the file holds them. Arrays become their JSON text (no format
    /// here has a list type every reader understands); a shapefile has no date-time type, so instants stay
    /// ISO 8601 text there and in KML. A DXF drawing holds no attributes: see <see cref="Drawing"/>.
    /// </summary>
    public static IReadOnlyList<ExportField> For(ItemsRequest items, FileFormat file)
    {
        var properties = items.Properties;
        List<string> names = file.Format == OutputFormat.Shp
            ? ShapefileFieldNames.For([IdField, .. properties.Select(p => p.Name)]).Skip(1).ToList()
            : properties.Select(p => p.Name).ToList();
        return properties.Select((p, i) => Field(names[i], p, file.Format)).ToList();
    }

    private static ExportField Field(string name, FeatureProperty property, OutputFormat format) => property.Type switch
    {
        PropertyType.StringArray => new(name, property, "String"),
        PropertyType.Number => new(name, property, "Real"),
        PropertyType.Integer => new(name, property, "Integer64"),
        PropertyType.Boolean => new(name, property, "Integer", "Boolean"),
        PropertyType.DateTime when format == OutputFormat.Gpkg => new(name, property, "DateTime"),
        PropertyType.Date when format is OutputFormat.Gpkg or OutputFormat.Shp => new(name, property, "Date"),
        _ => new(name, property, "String"),
    };

    /// <summary>
    /// What a DXF drawing needs of each feature: its CAD layer (the collection), and a label — id and Chinese
    /// name at a point on the feature, on a layer of its own so CAD users can hide it — in the drawing's
    /// Gauss–Krüger metres. The label is an OGR style string, so quotes and backslashes in a name are escaped.
    /// </summary>
    public static IReadOnlyList<FeatureProperty> Drawing(FeatureCollectionDefinition collection, CrsReference crs)
    {
        var point = $"ST_Transform(ST_PointOnSurface(t.geom), {crs.Srid})";
        var plane = $"ST_Transform(t.geom, {crs.Srid})";
        var text = collection.Property("name_zh") is { } name ? $"concat_ws(' ', {collection.IdSql}, {name.Sql})" : collection.IdSql;
        // Text a fortieth of the feature's width (2 m to 500 m high), so a label fits a project and reads on a county.
        var height = $"greatest(2, least(500, round(((ST_XMax({plane}) - ST_XMin({plane})) / 40)::numeric, 1)))";
        // SimSun (宋体) is a TrueType font every Chinese Windows has, so CAD draws the hanzi of a label, not boxes.
        var style = $$"""'LABEL(f:"SimSun",t:"' || replace(replace({{text}}, '\', '\\'), '"', '\"') || '",s:' || {{height}} || 'g)'""";
        return
        [
            Pseudo("dxf_layer", $"'{collection.Id}'"),
            Pseudo("label_layer", $"'{LabelLayer(collection)}'"),
            Pseudo("label_x", $"ST_X({point})", PropertyType.Number),
            Pseudo("label_y", $"ST_Y({point})", PropertyType.Number),
            Pseudo("label_style", $"CASE WHEN t.geom IS NOT NULL THEN {style} END"),
        ];
    }

    /// <summary>The CAD layer of a collection's labels.</summary>
    public static string LabelLayer(FeatureCollectionDefinition collection) => collection.Id + "-labels";

    /// <remarks>A number is written as its SQL gives it (a coordinate: every digit of the double).</remarks>
    private static FeatureProperty Pseudo(string name, string sql, PropertyType type = PropertyType.String) => new(name, sql, type, name, Output: sql);

    /// <summary>fields.csv beside a shapefile: each short field name, the property it holds, its title and type.</summary>
    public static string MappingCsv(IReadOnlyList<ExportField> fields)
    {
        var text = new StringBuilder(CsvResult.Bom);
        CsvResult.Line(text, ["shapefile_field", "property", "title", "type"]);
        CsvResult.Line(text, [IdField, IdField, "要素标识 Feature id", "String"]);
        foreach (var field in fields)
            CsvResult.Line(text, [field.Name, field.Source.Name, field.Source.Title, field.Source.Type == PropertyType.StringArray ? "String (JSON array)" : field.OgrType]);
        return text.ToString();
    }
}
