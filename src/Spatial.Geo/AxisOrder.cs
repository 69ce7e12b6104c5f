using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// Axis order, written down once: NTS and PostGIS always hold x = longitude/easting. Coordinates written
/// in a CRS whose official order is latitude-first (EPSG:4326, 4490) or northing-first (the CGCS2000
/// Gauss–Krüger codes) are swapped on the way in and out.
/// </summary>
public static class AxisOrder
{
    /// <summary>A copy with x and y exchanged.</summary>
    public static Geometry Swapped(Geometry geometry)
    {
        var copy = geometry.Copy();
        copy.Apply(new SwapFilter());
        copy.GeometryChanged();
        return copy;
    }

    private sealed class SwapFilter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var x = seq.GetX(i);
            seq.SetX(i, seq.GetY(i));
            seq.SetY(i, x);
        }
    }
}
