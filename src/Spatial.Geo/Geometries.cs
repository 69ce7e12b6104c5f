using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>The one place geometry factories are made.</summary>
public static class Geometries
{
    public const int Cgcs2000 = 4490;

    static Geometries()
    {
        // The legacy overlay fails on nearly coincident edges (shared county borders); OverlayNG does not.
        NtsGeometryServices.Instance = new NtsGeometryServices(
            NetTopologySuite.Geometries.Implementation.CoordinateArraySequenceFactory.Instance,
            PrecisionModel.Floating.Value, Cgcs2000, GeometryOverlay.NG, new CoordinateEqualityComparer());
    }

    /// <summary>CGCS2000 lon/lat (x = longitude), the storage CRS.</summary>
    public static GeometryFactory LonLat { get; } = NtsGeometryServices.Instance.CreateGeometryFactory(Cgcs2000);

    public static GeometryFactory ForSrid(int srid) => NtsGeometryServices.Instance.CreateGeometryFactory(srid);
}
