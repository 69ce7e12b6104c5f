using System.Globalization;
using Spatial.Api.Data;
using Spatial.Api.Data.Replicas;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// OGC API – Tiles: the tile matrix sets, each collection's vector tiles, and tiles of several collections at once
/// (<c>/tiles…?collections=a,b</c>), Mapbox Vector Tiles made by PostGIS.
/// </summary>
public static class TilesApi
{
    private static readonly string[] TileParameters = ["f"];
    private static readonly string[] DatasetTileParameters = ["f", "collections"];
    private static readonly OutputFormat[] ListFormats = [OutputFormat.Json];
    private static readonly OutputFormat[] MetadataFormats = [OutputFormat.Json, OutputFormat.TileJson];

    public static void MapTiles(this IEndpointRouteBuilder app)
    {
        var schemes = app.MapGroup("/tileMatrixSets").WithTags("Tiles");
        schemes.MapGet("", MatrixSets).WithName("TileMatrixSets").WithSummary("The tile matrix sets tiles are cut in (WebMercatorQuad, CGCS2000Quad).")
            .Parameters(TilesDocumentation.ListFormat);
        schemes.MapGet("/{tileMatrixSetId}", MatrixSet).WithName("TileMatrixSet").WithSummary("A tile matrix set's definition (OGC 2D-TMS 2.0).")
            .Parameters(TilesDocumentation.MatrixSetId, TilesDocumentation.ListFormat);

        var dataset = app.MapGroup("/tiles").WithTags("Tiles").UsesDatabase(DatabaseWork.Reads).ReadsFromReplica();
        dataset.MapGet("", DatasetTilesets).WithName("DatasetTilesets").WithSummary("The vector tilesets of all collections together.")
            .Parameters(TilesDocumentation.ListFormat);
        dataset.MapGet("/{tileMatrixSetId}", DatasetTileset).WithName("DatasetTileset")
            .WithSummary("Tileset metadata of several collections (links to the tiles; in WebMercatorQuad also to TileJSON).")
            .Parameters(TilesDocumentation.MatrixSetId, TilesDocumentation.Collections, TilesDocumentation.MetadataFormat);
        dataset.MapGet("/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", DatasetTile).WithName("DatasetTile")
            .WithSummary("A vector tile with a layer per collection.").Parameters([.. TilesDocumentation.TileAddress, TilesDocumentation.Collections, TilesDocumentation.TileFormat])
            .AnswersTiles();

        var collection = app.MapGroup("/collections/{collectionId}/tiles").WithTags("Tiles").UsesDatabase(DatabaseWork.Reads).ReadsFromReplica()
            .PathPerCollection(CollectionPaths.Tiled);
        collection.MapGet("", CollectionTilesets).WithName("CollectionTilesets").WithSummary("The collection's vector tilesets.").Parameters(TilesDocumentation.ListFormat);
        collection.MapGet("/{tileMatrixSetId}", CollectionTileset).WithName("CollectionTileset")
            .WithSummary("The collection's tileset metadata (links to the tiles; in WebMercatorQuad also to TileJSON).")
            .Parameters(TilesDocumentation.MatrixSetId, TilesDocumentation.MetadataFormat);
        collection.MapGet("/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", CollectionTile).WithName("CollectionTile")
            .WithSummary("A vector tile of the collection: one layer named after it, with id and its tile attributes.")
            .Parameters([.. TilesDocumentation.TileAddress, TilesDocumentation.TileFormat]).AnswersTiles();
    }

    private static IResult MatrixSets(HttpContext http) =>
        ParameterChecks.OnlyKnown(http.Request.Query, TileParameters) is { } unknown ? Problems.BadParameter(unknown)
        : ParameterChecks.Format(http.Request.Query, ListFormats, out _) is { } badFormat ? Problems.BadParameter(badFormat)
        : new JsonDocumentResult("application/json", w =>
        {
            w.WriteStartObject();
            Links.Write(w, [new(Links.Self(http.Request), "self", "application/json", "瓦片矩阵集 Tile matrix sets")]);
            w.WriteStartArray("tileMatrixSets");
            foreach (var set in TileMatrixSet.All) set.WriteSummary(w, http.Request);
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static IResult MatrixSet(string tileMatrixSetId, HttpContext http)
    {
        if (ParameterChecks.OnlyKnown(http.Request.Query, TileParameters) is { } unknown) return Problems.BadParameter(unknown);
        if (ParameterChecks.Format(http.Request.Query, ListFormats, out _) is { } badFormat) return Problems.BadParameter(badFormat);
        return TileMatrixSet.Find(tileMatrixSetId) is { } set
            ? new JsonDocumentResult("application/json", w => set.WriteDefinition(w, http.Request))
            : TileMatrixSet.Unknown(tileMatrixSetId);
    }

    private static IResult CollectionTilesets(string collectionId, HttpContext http) =>
        ForCollection(collectionId, http, TileParameters, (tileset, _) => TilesetList(http, tileset));

    private static IResult CollectionTileset(string collectionId, string tileMatrixSetId, HttpContext http) =>
        ForCollection(collectionId, http, TileParameters, (tileset, _) => TilesetMetadata(http, tileset, tileMatrixSetId));

    private static IResult CollectionTile(string collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext http) =>
        ForCollection(collectionId, http, TileParameters, (tileset, query) => Tile(query, tileset, tileMatrixSetId, tileMatrix, tileRow, tileCol));

    private static IResult DatasetTilesets(HttpContext http) =>
        ForDataset(http, tileset => TilesetList(http, tileset));

    private static IResult DatasetTileset(string tileMatrixSetId, HttpContext http) =>
        ForDataset(http, tileset => TilesetMetadata(http, tileset, tileMatrixSetId));

    private static IResult DatasetTile(string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext http) =>
        ForDataset(http, tileset => Tile(http.Request.Query, tileset, tileMatrixSetId, tileMatrix, tileRow, tileCol));

    private static IResult ForCollection(string collectionId, HttpContext http, string[] parameters, Func<Tileset, IQueryCollection, IResult> then)
    {
        if (TileLayers.Find(collectionId) is not { } layer) return CollectionsApi.UnknownCollection(collectionId);
        if (ParameterChecks.OnlyKnown(http.Request.Query, parameters) is { } unknown) return Problems.BadParameter(unknown);
        return then(new Tileset($"/collections/{layer.Name}/tiles", [layer], QueryString.Empty, SingleCollection: true), http.Request.Query);
    }

    private static IResult ForDataset(HttpContext http, Func<Tileset, IResult> then)
    {
        var query = http.Request.Query;
        if (ParameterChecks.OnlyKnown(query, DatasetTileParameters) is { } unknown) return Problems.BadParameter(unknown);
        if (CollectionsParameter.Parse(ParameterChecks.Single(query, "collections"), out var layers) is { } bad) return Problems.BadParameter(bad);
        var carried = query.ContainsKey("collections")
            ? QueryString.Create("collections", string.Join(',', layers.Select(l => l.Name)))
            : QueryString.Empty;
        return then(new Tileset("/tiles", layers, carried, SingleCollection: false));
    }

    private static IResult Tile(IQueryCollection query, Tileset tileset, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol)
    {
        if (ParameterChecks.Format(query, TileRequest.Formats, out _) is { } badFormat) return Problems.BadParameter(badFormat);
        return TileRequest.TryParse(tileMatrixSetId, tileMatrix, tileRow, tileCol, tileset.Layers, out var tile) ?? new TileResult(tile);
    }

    private static IResult TilesetList(HttpContext http, Tileset tileset) =>
        ParameterChecks.Format(http.Request.Query, ListFormats, out _) is { } badFormat ? Problems.BadParameter(badFormat)
        : new MetadataResult(tileset, withExtent: false, (w, states) => TilesetDocuments.WriteList(w, http.Request, tileset, states));

    private static IResult TilesetMetadata(HttpContext http, Tileset tileset, string tileMatrixSetId)
    {
        if (TileMatrixSet.Find(tileMatrixSetId) is not { } set) return TileMatrixSet.Unknown(tileMatrixSetId);
        if (ParameterChecks.Format(http.Request.Query, MetadataFormats, out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        if (format == OutputFormat.TileJson && !TilesetDocuments.HasTileJson(set))
            return Problems.BadParameter(new ParameterError("f", $"TileJSON describes Web Mercator tiles only (its z/x/y are WebMercatorQuad's); {set.Id} has json, or ask for WebMercatorQuad's tilejson"));
        return new MetadataResult(tileset, withExtent: true, format == OutputFormat.TileJson
            ? (w, states) => TilesetDocuments.WriteTileJson(w, http.Request, tileset, set, states)
            : (w, states) => TilesetDocuments.WriteTileset(w, http.Request, tileset, set, states));
    }

    /// <summary>A tileset document, with a weak ETag from its layers' versions (304 when current).</summary>
    private sealed class MetadataResult(Tileset tileset, bool withExtent, Action<System.Text.Json.Utf8JsonWriter, IReadOnlyList<TileLayerState>> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var database = http.RequestServices.GetRequiredService<SpatialDatabase>();
            var states = await TileMetadata.ReadAsync(database.For(http), tileset.Layers, withExtent, http.RequestAborted);
            var versions = string.Join('.', states.Select(s => s.Version.ToString(CultureInfo.InvariantCulture)));
            var etag = ConditionalGet.ETag("tiles", versions, Links.Self(http.Request));
            if (ConditionalGet.NotModified(http, etag, states.Max(s => s.ChangedAt)))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            await new JsonDocumentResult("application/json", w => write(w, states)).ExecuteAsync(http);
        }
    }
}
