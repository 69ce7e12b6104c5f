using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Imports;

/// <summary>The parameters of an import, as the API definition describes them.</summary>
public static class ImportsDocumentation
{
    public static readonly ApiParameter ImportId = ApiParameter.Path("importId", "import id");

    public static readonly ApiParameter[] Import =
    [
        ApiParameter.Query("dry_run", "true: report everything, write nothing (200)", "boolean"),
        .. Coordinates.CoordinateParameters.Documentation.Select(d => ApiParameter.Query(d.Name, d.Description)),
        ApiParameter.Query("encoding", "text of a Shapefile without .cpg, a CSV, a DXF", @enum: ["GBK", "UTF-8"]),
        ApiParameter.Query("mapping", "JSON object from a field of the file to a property or id, e.g. {\"名称\":\"name_zh\"}; " +
            "a field mapped to a property the collection only serves (areas, county names, stamps) is passed over, so an exported Shapefile's fields.csv is a mapping"),
        ApiParameter.Query("layer", "the layer (GeoPackage, KML, sheet, Shapefile in the zip, DXF CAD layer) when there are several"),
        ApiParameter.Query("match", "how a feature matches a stored one", @enum: ["id", "source_ref"]),
        ApiParameter.Header("Prefer", "respond-async: 202 and Location at once (also for any file over 5 MiB)"),
    ];

    public static readonly ApiParameter[] List =
    [
        ApiParameter.Query("collection", "collection id"), ApiParameter.Query("user", "who imported"),
        ApiParameter.Query("limit", "imports per page", "integer", minimum: 1, maximum: 1000, @default: 50), ApiParameter.Query("cursor", "from a 'next' link"),
    ];
}
