using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// The tiles of OGC WorldCRS84Quad laid on CGCS2000 lon/lat (EPSG:4490): 256 px, origin at 180°W 90°N, row 0 at the
/// north; matrix <c>z</c> has 2^(z+1) columns and 2^z rows of 180° / 2^z. 天地图's <c>_c</c> tiles are cut the same
/// way, one matrix deeper (their level 1 is this matrix 0).
/// </summary>
public static class GeographicTiles
{
    /// <summary>The deepest tile matrix of WorldCRS84Quad (OGC 17-083r4 Annex D).</summary>
    public const int MaxZoom = 23;

    /// <summary>
    /// Metres per degree along the equator of the CGCS2000 ellipsoid (2π·6378137 / 360): what 2D-TMS turns degrees
    /// into metres with for a scale denominator.
    /// </summary>
    public const double MetresPerDegree = 2 * Math.PI * 6_378_137 / 360;

    public static long MatrixWidth(int zoom) => 2L << zoom;

    public static long MatrixHeight(int zoom) => 1L << zoom;

    /// <summary>The width (and height) of one tile of matrix <paramref name="zoom"/> in degrees.</summary>
    public static double TileWidth(int zoom) => 180.0 / MatrixHeight(zoom);

    /// <summary>
    /// The tile in degrees, widened on every side by <paramref name="margin"/> of its width (a tile's buffer draws
    /// features that lie just outside it).
    /// </summary>
    public static Envelope Degrees(int zoom, long row, long column, double margin = 0)
    {
        var width = TileWidth(zoom);
        var west = -180 + column * width;
        var north = 90 - row * width;
        var pad = width * margin;
        return new Envelope(west - pad, west + width + pad, north - width - pad, north + pad);
    }

    /// <summary>The tile of matrix <paramref name="zoom"/> that holds a longitude/latitude; 180°E and 90°S are in the last column and row.</summary>
    public static (long Row, long Column) TileOf(int zoom, double longitude, double latitude)
    {
        var width = TileWidth(zoom);
        return (Math.Min((long)Math.Floor((90 - latitude) / width), MatrixHeight(zoom) - 1),
                Math.Min((long)Math.Floor((longitude + 180) / width), MatrixWidth(zoom) - 1));
    }
}
