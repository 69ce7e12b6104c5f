using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// WorldCRS84Quad's layout (17-083r4 Annex D.2) on CGCS2000 lon/lat, EPSG:4490, the CRS the layers are stored in:
/// matrix 0 is 2 × 1 tiles of 180°, each matrix halves them. Not in OGC's register, so defined here. EPSG:4490's axes
/// are latitude then longitude, and 2D-TMS writes points "in CRS coordinates" (as the register's
/// EuropeanETRS89_LAEAQuad writes its northing first): the origin is [90, -180]. GDAL's OGC API client swaps such a
/// point back by the CRS's EPSG axis order.
/// </summary>
internal sealed record Cgcs2000QuadSet() : TileMatrixSet("CGCS2000Quad", "CGCS2000 经纬度瓦片 CGCS2000 geographic quad",
    "WorldCRS84Quad 的瓦片布局用于 CGCS2000 经纬度 (EPSG:4490)，与天地图经纬度投影 (_c) 瓦片同样切分 " +
    "WorldCRS84Quad's layout on CGCS2000 lon/lat (EPSG:4490): matrix 0 is 2 × 1 tiles of 180°, origin 180°W 90°N",
    "http://www.opengis.net/def/crs/EPSG/0/4490", GeographicTiles.MaxZoom)
{
    public override string? Uri => null;

    public override IReadOnlyList<string> OrderedAxes { get; } = ["Lat", "Lon"];

    public override long MatrixWidth(int zoom) => GeographicTiles.MatrixWidth(zoom);

    public override long MatrixHeight(int zoom) => GeographicTiles.MatrixHeight(zoom);

    public override double TileWidth(int zoom) => GeographicTiles.TileWidth(zoom);

    public override Envelope Degrees(int zoom, long row, long column, double margin) => GeographicTiles.Degrees(zoom, row, column, margin);

    /// <summary>A tile of matrix z is 180°/2^z wide, as one of WebMercatorQuad's matrix z + 1.</summary>
    public override int WebMercatorZoom(int zoom) => zoom + 1;

    /// <summary>The stored geometry, EPSG:4490, with its GiST index: nothing to transform.</summary>
    internal override string GeometryColumn => "geom";

    /// <summary>
    /// PostGIS cuts square tiles out of square bounds, so the bounds are the 360° square whose top half is the world:
    /// its matrix z + 1 has 2^(z+1) columns of 180°/2^z, and the rows 0 to 2^z − 1 that this matrix z has lie
    /// between 90°N and 90°S.
    /// </summary>
    internal override string EnvelopeSql(string? margin) =>
        "ST_TileEnvelope($1 + 1, $3, $2, bounds => ST_MakeEnvelope(-180, -270, 180, 90, 4490)" + (margin is null ? ")" : $", margin => {margin})");

    protected override double MetresPerUnit => GeographicTiles.MetresPerDegree;

    /// <summary>GoogleCRS84Quad is a scale set of CRS84; these scales are on EPSG:4490, for which no scale set is registered.</summary>
    protected override string? WellKnownScaleSet => null;

    protected override (double West, double South, double East, double North) Bounds => (-180, -90, 180, 90);

    protected override bool NorthFirst => true;
}
