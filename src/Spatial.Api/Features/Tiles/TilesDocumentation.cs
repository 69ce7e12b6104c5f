using Spatial.Api.Http;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Tiles;

/// <summary>The parameters and answers of the tile endpoints, as the API definition describes them.</summary>
public static class TilesDocumentation
{
    public static readonly ApiParameter MatrixSetId = ApiParameter.Path("tileMatrixSetId", "tile matrix set", @enum: TileMatrixSet.All.Select(t => t.Id).ToList());

    public static readonly ApiParameter[] TileAddress =
    [
        MatrixSetId,
        ApiParameter.Path("tileMatrix", $"zoom level ({string.Join(", ", TileMatrixSet.All.Select(t => $"0 to {t.MaxZoom} in {t.Id}"))})", "integer",
            minimum: 0, maximum: TileMatrixSet.All.Max(t => t.MaxZoom)),
        ApiParameter.Path("tileRow", "row, 0 at the north (0 to 2^tileMatrix − 1)", "integer", minimum: 0),
        ApiParameter.Path("tileCol", "column, 0 at the antimeridian (0 to 2^tileMatrix − 1 in WebMercatorQuad, to 2^(tileMatrix+1) − 1 in CGCS2000Quad)", "integer", minimum: 0),
    ];

    public static readonly ApiParameter Collections = ApiParameter.Query("collections",
        "comma-separated collection ids (or their URLs); the tile has a layer for each, in the catalog's order (default: all)");

    public static readonly ApiParameter MetadataFormat = ApiParameter.Query("f", "json: OGC TileSetMetadata; tilejson: TileJSON 3.0.0 (WebMercatorQuad only: TileJSON's tiles are Web Mercator)", @enum: ["json", "tilejson"]);

    public static readonly ApiParameter ListFormat = ApiParameter.Query("f", "format", @enum: ["json"]);

    public static readonly ApiParameter TileFormat = ApiParameter.Query("f", "format", @enum: TileRequest.Formats.Select(f => f.Code()).ToList());

    public const string CachedTile = "Strong ETag (with -br or -gzip when compressed), Cache-Control: no-cache (revalidate: 304), X-Cache: hit|miss";

    /// <summary>What a tile endpoint answers besides the tile itself.</summary>
    public static RouteHandlerBuilder AnswersTiles(this RouteHandlerBuilder tile) => tile
        .WithDescription(CachedTile)
        .Answers(200, "The tile (Mapbox Vector Tile 2.1)", TileRequest.MediaType)
        .Answers(204, "Empty: no feature in this tile")
        .Answers(304, "Not modified (If-None-Match)")
        .Problem(400, "A parameter is invalid (not a whole number, an unknown collection); the problem names it")
        .Problem(404, "Outside the tile matrix set, or no such tile matrix set or collection; the problem names the parameter")
        .Problem(503, "Past the deadline or the database unavailable (Retry-After)");
}
