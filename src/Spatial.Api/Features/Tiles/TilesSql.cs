using System.Globalization;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// The one statement behind a tile: for each layer, its version and its features as an MVT layer (a tile of
/// several layers is their concatenation: an MVT tile is a sequence of layers), cut in a <see cref="TileMatrixSet"/>. Parameters: $1 zoom (the one it was
/// built for), $2 row, $3 column, $4 simplification tolerance (in the set's CRS unit: metres or degrees).
/// </summary>
public static class TilesSql
{
    /// <summary>MVT coordinates per tile side, and the buffer around it (in those units) that features are drawn into.</summary>
    public const int Extent = 4096, Buffer = 64;

    private static readonly string Margin = ((double)Buffer / Extent).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The tile, widened by the buffer, is compared with the set's geometry column, in the set's CRS and with a GiST
    /// index of its own (<see cref="TileMatrixSet.GeometryColumn"/>), so the index finds the features and none is
    /// transformed per request. Features are simplified
    /// (Douglas–Peucker) and clipped; PostGIS's clipping (Wagyu) gives valid polygons, and runs on every polygon even
    /// unclipped (it is also the validation), so a feature inside the tile costs as much as one on its edge. An
    /// outline smaller than the tolerance is not dropped by ST_Simplify (preserveCollapsed) but cut to its first
    /// vertices — for a 1 ha ellipse at zoom 8 a sliver that the tile's grid flattens and ST_AsMVTGeom drops (2.3 % of
    /// 100 000 synthetic projects at the overview); such a feature is drawn unsimplified instead, so only outlines
    /// below the grid itself vanish. ST_AsMVT leaves out a row whose geometry is NULL (one clipped or snapped away), so
    /// nothing filters on it: a <c>WHERE geom IS NOT NULL</c> was pushed down into the scan as a filter, which drew
    /// every feature twice (a third to a half of a dense z14 tile's time) and made a parallel scan look cheaper. The
    /// attributes are the layer's at this zoom (<see cref="TileLayer.AttributesAt"/>, in WebMercatorQuad zooms), so the
    /// statement's text depends on the set and the zoom. The versions are read in the same statement, so they are exactly the versions the features were
    /// read at (one snapshot). Features come in id order, byte order whatever the database's collation, so equal data
    /// gives equal bytes (and ETags) in every process.
    /// </summary>
    public static string Build(TileMatrixSet set, IReadOnlyList<TileLayer> layers, int zoom) => $"""
        WITH tile AS (
            SELECT {set.EnvelopeSql(margin: null)} AS envelope,
                   {set.EnvelopeSql(Margin)} AS search)
        SELECT ARRAY[{string.Join(", ", layers.Select(l => $"(SELECT version FROM layer_versions WHERE layer = '{l.Collection.Table}')"))}]::bigint[],
               ARRAY[{string.Join(",\n                     ", layers.Select(l => Layer(l, set.GeometryColumn, set.WebMercatorZoom(zoom))))}]::bytea[]
        FROM tile
        """;

    private static string Layer(TileLayer layer, string geometry, int webMercatorZoom) => $"""
        coalesce((SELECT ST_AsMVT(f, '{layer.Name}', {Extent}, 'geom' ORDER BY f.id COLLATE "C") FROM (
                     SELECT {layer.Collection.IdSql} AS id, {string.Join(", ", layer.AttributesAt(webMercatorZoom).Select(a => $"{a.Sql} AS {a.Name}"))},
                            coalesce(ST_AsMVTGeom(ST_Simplify(t.{geometry}, $4, true), tile.envelope, {Extent}, {Buffer}, true),
                                     ST_AsMVTGeom(t.{geometry}, tile.envelope, {Extent}, {Buffer}, true)) AS geom
                     FROM {layer.Collection.Table} t
                     WHERE t.{geometry} && tile.search) f), ''::bytea)
        """;
}
