using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// OGC WebMercatorQuad (17-083r4 Annex D.1): the tiles of every web map (Leaflet, MapLibre, OpenLayers, QGIS), whose
/// lon/lat on CGCS2000 and WGS 84 agree within the metre the plans' outlines are drawn to.
/// </summary>
internal sealed record WebMercatorQuadSet() : TileMatrixSet("WebMercatorQuad", "Google Maps Compatible for the World",
    "Web Mercator (EPSG:3857) 的 256 像素瓦片，与各类网络地图相同 The 256 px Web Mercator tiles of every web map (OGC 17-083r4 Annex D.1)",
    "http://www.opengis.net/def/crs/EPSG/0/3857", WebMercatorTiles.MaxZoom)
{
    public override string? Uri => "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";

    public override IReadOnlyList<string> OrderedAxes { get; } = ["E", "N"];

    public override long MatrixWidth(int zoom) => WebMercatorTiles.MatrixSize(zoom);

    public override long MatrixHeight(int zoom) => WebMercatorTiles.MatrixSize(zoom);

    public override double TileWidth(int zoom) => WebMercatorTiles.TileWidth(zoom);

    public override Envelope Degrees(int zoom, long row, long column, double margin) => WebMercatorTiles.Degrees(zoom, row, column, margin);

    public override int WebMercatorZoom(int zoom) => zoom;

    /// <summary>
    /// Each layer keeps a Web Mercator copy of its geometry (geom_wm, computed by PostgreSQL from geom in every write,
    /// schema script 012) with a GiST index of its own, so no feature is transformed per request — the transform was
    /// three quarters of a dense tile's time.
    /// </summary>
    internal override string GeometryColumn => "geom_wm";

    internal override string EnvelopeSql(string? margin) =>
        margin is null ? "ST_TileEnvelope($1, $3, $2)" : $"ST_TileEnvelope($1, $3, $2, margin => {margin})";

    protected override double MetresPerUnit => 1;

    protected override string? WellKnownScaleSet => "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible";

    protected override (double West, double South, double East, double North) Bounds =>
        (-WebMercatorTiles.HalfWorld, -WebMercatorTiles.HalfWorld, WebMercatorTiles.HalfWorld, WebMercatorTiles.HalfWorld);

    protected override bool NorthFirst => false;
}
