using System.Text;
using System.Xml;
using System.Xml.Linq;
using Spatial.Api.Features.Collections;
using Spatial.Geo;

namespace Spatial.Api.Features.Exports;

/// <summary>
/// The OGR VRT file ogr2ogr reads the spooled GeoJSON through: it names the layer, declares its geometry
/// type and CRS, and gives every field its name and type, so nothing is guessed from the values.
/// Built as XML (values escaped by XLinq), beside the spool in the export's own folder.
/// </summary>
public static class LayerVrt
{
    public const string SpoolFile = "features.geojson";
    public const string FileName = "layer.vrt";
    private const string SpoolLayer = "features";

    /// <summary>A layer of attributes (GeoPackage, Shapefile, KML): the collection's id, its geometry type, the export's CRS.</summary>
    public static XDocument Table(FeatureCollectionDefinition collection, CrsReference crs, IReadOnlyList<ExportField> fields, FileFormat file) =>
        new(new XElement("OGRVRTDataSource",
            new XElement("OGRVRTLayer", new XAttribute("name", collection.Id),
                Source(),
                new XElement("GeometryType", "wkb" + collection.GeometryType),
                new XElement("LayerSRS", $"EPSG:{crs.Srid}"),
                new XElement("Field", new XAttribute("name", ExportFields.IdField), new XAttribute("type", "String")),
                fields.Select(f => new XElement("Field",
                    new XAttribute("name", f.Name), new XAttribute("type", f.OgrType),
                    f.OgrSubType is null ? null : new XAttribute("subtype", f.OgrSubType),
                    f.Size(file).Width == 0 ? null : new XAttribute("width", f.Size(file).Width),
                    f.Size(file).Precision == 0 ? null : new XAttribute("precision", f.Size(file).Precision))))));

    /// <summary>
    /// A DXF drawing, one OGR layer (all the DXF writer takes): each feature's outline on the collection's CAD
    /// layer and its label as text on the label layer. Features without a geometry have no place in a drawing.
    /// An empty export has no fields to read labels from, so it is a drawing with nothing in it.
    /// </summary>
    public static XDocument Drawing(FeatureCollectionDefinition collection, bool empty)
    {
        if (empty)
            return new(new XElement("OGRVRTDataSource",
                new XElement("OGRVRTLayer", new XAttribute("name", collection.Id), Source(), new XElement("GeometryType", "wkbUnknown"))));
        const string WithGeometry = $"SELECT * FROM {SpoolLayer} WHERE label_x IS NOT NULL";
        return new(new XElement("OGRVRTDataSource",
            new XElement("OGRVRTUnionLayer", new XAttribute("name", collection.Id),
                new XElement("OGRVRTLayer", new XAttribute("name", "outlines"),
                    Source(WithGeometry),
                    new XElement("GeometryType", "wkb" + collection.GeometryType),
                    new XElement("Field", new XAttribute("name", "Layer"), new XAttribute("src", "dxf_layer"))),
                new XElement("OGRVRTLayer", new XAttribute("name", "labels"),
                    Source(WithGeometry),
                    new XElement("Style", "label_style"),
                    new XElement("GeometryType", "wkbPoint"),
                    new XElement("GeometryField", new XAttribute("encoding", "PointFromColumns"), new XAttribute("x", "label_x"), new XAttribute("y", "label_y")),
                    new XElement("Field", new XAttribute("name", "Layer"), new XAttribute("src", "label_layer"))))));
    }

    /// <summary>Writes the VRT as UTF-8 without a byte-order mark, which GDAL would take for the start of a file name.</summary>
    public static void Save(XDocument vrt, string path)
    {
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true });
        vrt.Save(writer);
    }

    private static IEnumerable<XElement> Source(string? sql = null) =>
    [
        new XElement("SrcDataSource", new XAttribute("relativeToVRT", "1"), SpoolFile),
        sql is null ? new XElement("SrcLayer", SpoolLayer) : new XElement("SrcSQL", new XAttribute("dialect", "OGRSQL"), sql),
        // PostgreSQL's ISO 8601 instants stay text until a field's declared type says otherwise (GeoPackage's DateTime).
        new XElement("OpenOptions", new XElement("OOI", new XAttribute("key", "DATE_AS_STRING"), "YES")),
    ];
}
