using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// The tiles of OGC WebMercatorQuad (EPSG:3857, 256 px, origin top left, row 0 at the north): tile
/// <c>z/y/x</c> spans 2·<see cref="HalfWorld"/> / 2^z metres, the XYZ scheme of Leaflet and MapLibre.
/// </summary>
public static class WebMercatorTiles
{
    /// <summary>π·6378137: from the origin to the antimeridian, and to the north edge at ±85.0511°.</summary>
    public const double HalfWorld = 20_037_508.342789244;

    /// <summary>The deepest tile matrix of WebMercatorQuad (OGC 17-083r4 Annex D).</summary>
    public const int MaxZoom = 24;

    /// <summary>Tiles per side of matrix <paramref name="zoom"/>: 2^zoom.</summary>
    public static long MatrixSize(int zoom) => 1L << zoom;

    /// <summary>The width of one tile of matrix <paramref name="zoom"/> in metres.</summary>
    public static double TileWidth(int zoom) => 2 * HalfWorld / MatrixSize(zoom);

    /// <summary>The tile in EPSG:3857 metres (what PostGIS's ST_TileEnvelope gives).</summary>
    public static Envelope Metres(int zoom, long row, long column)
    {
        var width = TileWidth(zoom);
        var west = -HalfWorld + column * width;
        var north = HalfWorld - row * width;
        return new Envelope(west, west + width, north - width, north);
    }

    /// <summary>
    /// The tile in longitude/latitude degrees, widened on every side by <paramref name="margin"/> of its width
    /// (a tile's buffer draws features that lie just outside it).
    /// </summary>
    public static Envelope Degrees(int zoom, long row, long column, double margin = 0)
    {
        var tile = Metres(zoom, row, column);
        var pad = TileWidth(zoom) * margin;
        return new Envelope(
            Longitude(tile.MinX - pad), Longitude(tile.MaxX + pad),
            Latitude(tile.MinY - pad), Latitude(tile.MaxY + pad));
    }

    public static double Longitude(double x) => x / HalfWorld * 180;

    public static double Latitude(double y) => 2 * Math.Atan(Math.Exp(y / HalfWorld * Math.PI)) * 180 / Math.PI - 90;

    /// <summary>EPSG:3857 metres of a longitude/latitude (for tests and the tileset's centre).</summary>
    public static (double X, double Y) ToMetres(double longitude, double latitude) =>
        (longitude / 180 * HalfWorld, Math.Log(Math.Tan((90 + latitude) * Math.PI / 360)) / Math.PI * HalfWorld);

    /// <summary>The tile of matrix <paramref name="zoom"/> that holds a longitude/latitude.</summary>
    public static (long Row, long Column) TileOf(int zoom, double longitude, double latitude)
    {
        var (x, y) = ToMetres(longitude, latitude);
        var width = TileWidth(zoom);
        return ((long)Math.Floor((HalfWorld - y) / width), (long)Math.Floor((x + HalfWorld) / width));
    }
}
