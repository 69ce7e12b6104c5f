using System.Text.Json;
using Spatial.Api.Features.Tiles;

namespace Spatial.Api.Features.Landing;

/// <summary>The OGC API – Tiles paths of the API definition.</summary>
public static partial class OpenApiDocument
{
    private static readonly Parameter MatrixSetId = new("tileMatrixSetId", "path", "tile matrix set", Required: true,
        Enum: TileMatrixSet.All.Select(t => t.Id).ToList());

    private static readonly Parameter[] TileAddress =
    [
        MatrixSetId,
        new("tileMatrix", "path", "zoom level (0 to 24 in WebMercatorQuad)", "integer", Required: true, Minimum: 0, Maximum: TileMatrixSet.WebMercatorQuad.MaxZoom),
        new("tileRow", "path", "row, 0 at the north (0 to 2^tileMatrix − 1)", "integer", Required: true, Minimum: 0),
        new("tileCol", "path", "column, 0 at the antimeridian (0 to 2^tileMatrix − 1)", "integer", Required: true, Minimum: 0),
    ];

    private static readonly Parameter Collections = new("collections", "query",
        "comma-separated collection ids (or their URLs); the tile has a layer for each, in the catalog's order (default: all)");

    private static readonly Parameter MetadataFormat = new("f", "query", "json: OGC TileSetMetadata; tilejson: TileJSON 3.0.0", Enum: ["json", "tilejson"]);

    private static void WriteTiles(Utf8JsonWriter w)
    {
        Path(w, "/tileMatrixSets", "The tile matrix sets (WebMercatorQuad)", [], "application/json");
        Path(w, "/tileMatrixSets/{tileMatrixSetId}", "A tile matrix set's definition (OGC 2D-TMS 2.0)", [MatrixSetId], "application/json");
        Path(w, "/tiles", "The vector tilesets of all collections together", [], "application/json");
        Path(w, "/tiles/{tileMatrixSetId}", "Tileset metadata of several collections (links to TileJSON and the tiles)",
            [MatrixSetId, Collections, MetadataFormat], "application/json");
        TilePath(w, "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", "A vector tile with a layer per collection", [.. TileAddress, Collections]);
        foreach (var layer in TileLayers.All)
        {
            var at = $"/collections/{layer.Name}/tiles";
            Path(w, at, $"{layer.Name}: vector tilesets", [], "application/json");
            Path(w, at + "/{tileMatrixSetId}", $"{layer.Name}: tileset metadata (links to TileJSON and the tiles)", [MatrixSetId, MetadataFormat], "application/json");
            TilePath(w, at + "/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                $"{layer.Name}: a vector tile, layer '{layer.Name}' with id, {string.Join(", ", layer.Attributes.Select(a => a.Name))}", TileAddress);
        }
    }

    private static void TilePath(Utf8JsonWriter w, string path, string summary, IEnumerable<Parameter> parameters)
    {
        w.WriteStartObject(path);
        w.WriteStartObject("get");
        w.WriteString("summary", summary + ". Strong ETag (with -br or -gzip when compressed), Cache-Control: no-cache (revalidate: 304), X-Cache: hit|miss");
        w.WriteString("operationId", OperationId("get", path));
        WriteParameters(w, parameters);
        w.WriteStartObject("responses");
        Response(w, "200", "The tile (Mapbox Vector Tile 2.1)", TileRequest.MediaType);
        foreach (var (status, description) in new[] { ("204", "Empty: no feature in this tile"), ("304", "Not modified (If-None-Match)") })
        {
            w.WriteStartObject(status);
            w.WriteString("description", description);
            w.WriteEndObject();
        }
        Response(w, "400", "A parameter is invalid (not a whole number, an unknown collection); the problem names it", "application/problem+json");
        Response(w, "404", "Outside the tile matrix set, or no such tile matrix set or collection; the problem names the parameter", "application/problem+json");
        Response(w, "503", "Past the deadline or the database unavailable (Retry-After)", "application/problem+json");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
