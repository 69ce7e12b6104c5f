using System.Globalization;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// The one statement behind a tile: for each layer, its version and its features as an MVT layer, concatenated
/// (an MVT tile is a sequence of layers). Parameters: $1 zoom, $2 row, $3 column, $4 simplification tolerance (m).
/// </summary>
public static class TilesSql
{
    /// <summary>MVT coordinates per tile side, and the buffer around it (in those units) that features are drawn into.</summary>
    public const int Extent = 4096, Buffer = 64;

    private static readonly string Margin = ((double)Buffer / Extent).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The tile, widened by the buffer, is transformed to the storage CRS (EPSG:4490) and compared with the stored
    /// geometry as it is, so the GiST index finds the features; only those are transformed to Web Mercator,
    /// simplified and clipped. The versions are read in the same statement, so they are exactly the versions the
    /// features were read at (one snapshot). Features come in id order, so equal data gives equal bytes (and ETags)
    /// in every process.
    /// </summary>
    public static string Build(IReadOnlyList<TileLayer> layers) => $"""
        WITH tile AS (
            SELECT ST_TileEnvelope($1, $3, $2) AS envelope,
                   ST_Transform(ST_TileEnvelope($1, $3, $2, margin => {Margin}), 4490) AS search)
        SELECT ARRAY[{string.Join(", ", layers.Select(l => $"(SELECT version FROM layer_versions WHERE layer = '{l.Collection.Table}')"))}]::bigint[],
               {string.Join("\n               || ", layers.Select(Layer))}
        FROM tile
        """;

    private static string Layer(TileLayer layer) => $"""
        coalesce((SELECT ST_AsMVT(f, '{layer.Name}', {Extent}, 'geom' ORDER BY f.id) FROM (
                     SELECT {layer.Collection.IdSql} AS id, {string.Join(", ", layer.Attributes.Select(a => $"{a.Sql} AS {a.Name}"))},
                            ST_AsMVTGeom(ST_SimplifyPreserveTopology(ST_Transform(t.geom, 3857), $4), tile.envelope, {Extent}, {Buffer}, true) AS geom
                     FROM {layer.Collection.Table} t
                     WHERE t.geom && tile.search) f
                 WHERE f.geom IS NOT NULL), ''::bytea)
        """;
}
