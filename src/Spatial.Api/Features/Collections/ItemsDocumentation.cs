using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;
using Spatial.Api.Http.OpenApi;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>What /items and /items/{featureId} read and answer, as the API definition describes them.</summary>
public static class ItemsDocumentation
{
    private static readonly List<string> CrsUris = CrsReference.Supported.Select(c => c.Uri).ToList();

    public static readonly ApiParameter ResponseCrs = ApiParameter.Query("crs", "CRS of the response geometries (default CRS84)", @enum: CrsUris);

    public static readonly ApiParameter FeatureId = ApiParameter.Path("featureId", "feature id");

    /// <summary>How pages and features are cached and compressed (README, Caching and compression).</summary>
    public const string CachedAnswer =
        "Strong ETag (with -br or -gzip when compressed), Last-Modified, Cache-Control: no-cache (revalidate: 304), X-Cache: hit|miss, Vary: Accept-Encoding (and Accept without f)";

    public static readonly ApiParameter[] Items =
    [
        ApiParameter.Query("bbox", "minx,miny,maxx,maxy in bbox-crs (axis order of that CRS); 4 or 6 numbers"),
        ApiParameter.Query("bbox-crs", "CRS of bbox (default CRS84)", @enum: CrsUris),
        ResponseCrs,
        ApiParameter.Query("limit", "features per page", "integer", minimum: 1, maximum: ItemsRequest.MaxLimit, @default: ItemsRequest.DefaultLimit),
        ApiParameter.Query("offset", "rows to skip (OWSLib and older clients; 'next' links page by cursor instead)", "integer",
            minimum: 0, maximum: ItemsRequest.MaxOffset, @default: 0),
        ApiParameter.Query("cursor", "opaque position from a 'next' link (keyset paging)"),
        ApiParameter.Query("datetime", "RFC 3339 instant or interval; the layers have no temporal geometry, so it selects all"),
        ApiParameter.Query("filter", "CQL2 filter (basic CQL2, LIKE/IN/BETWEEN, spatial functions with WKT/BBOX)"),
        ApiParameter.Query("filter-lang", "language of filter", @enum: ["cql2-text", "cql2-json", "cql-text"]),
        ApiParameter.Query("filter-crs", "CRS of geometry literals in filter (default CRS84)", @enum: CrsUris),
        ApiParameter.Query("sortby", "comma-separated properties, '-' prefix for descending"),
        ApiParameter.Query("properties", "comma-separated properties to return"),
        ApiParameter.Query("f", "format: json, geojson, csv and html are pages (without f, a browser's Accept: text/html gets html); gpkg, shp (zip), kml and dxf are files of every matching feature (limit ignored)",
            @enum: ItemsRequest.Formats.Select(f => f.Code()).ToList()),
        ApiParameter.Query(ItemsRequest.ZoomLevelParameter,
            "Spatial extension (not OGC API Features): pages only — shapes generalised for a map drawn at this Web Mercator zoom, lines and outlines simplified to half a pixel there, each on its own with its topology kept (no ring collapses, none vanishes; neighbours' shared borders may part by up to that pixel), points as stored; absent, every vertex. bbox and filters match the stored shapes; the page's file links leave it out",
            "integer", minimum: 0, maximum: ItemsRequest.MaxZoomLevel),
        ApiParameter.Query("before", "f=html only: the page that ends before this cursor (its 上一页 link)"),
        HtmlNegotiation.LanguageDocumented,
        ApiParameter.Query("encoding", "f=shp only: text encoding of the .dbf (default UTF-8; GBK for older ArcGIS)", @enum: [.. ExportRequest.EncodingCodes]),
    ];

    public static readonly ApiParameter[] Item =
    [
        FeatureId, ResponseCrs,
        ApiParameter.Query("f", "format", @enum: ItemsEndpoint.ItemFormats.Select(f => f.Code()).ToList()), HtmlNegotiation.LanguageDocumented,
    ];

    /// <summary>What /items answers: GeoJSON, the CSV page, the page for people and the export files.</summary>
    public static readonly string[] ItemsTypes = ["application/geo+json", "text/csv", "text/html", .. ExportFormats.Converted.Select(f => f.MediaType)];
}
