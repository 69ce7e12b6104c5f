using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>Extents for checking where client coordinates lie.</summary>
public static class Extent
{
    /// <summary>
    /// The envelope of every coordinate, holes included. A polygon's EnvelopeInternal is its shell's, so a
    /// mistyped vertex in a hole escapes it and reaches the projection, which returns infinities.
    /// </summary>
    public static Envelope OfEveryCoordinate(Geometry geometry)
    {
        var envelope = new Envelope();
        foreach (var c in geometry.Coordinates) envelope.ExpandToInclude(c);
        return envelope;
    }
}
