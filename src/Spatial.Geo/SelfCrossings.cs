using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Noding;

namespace Spatial.Geo;

/// <summary>How many times an invalid outline's edges meet, counted up to a bound.</summary>
/// <param name="Count">Meetings found, at most the bound + 1 (counting stops there).</param>
/// <param name="First">Where the first one lies, in the outline's coordinates.</param>
public sealed record CrossingCount(int Count, Coordinate? First);

/// <summary>
/// Counts where the edges of an outline's rings meet, other than neighbouring edges at their shared
/// vertex: crossings, touches at a vertex, overlapping edges — a ring with itself, a hole with its shell,
/// two parts with each other. Repairing an outline costs time that grows with these — a 100-vertex star
/// has 2 400 crossings and keeps PostGIS busy for seconds — so a check counts them first, and stops at
/// the bound: a 20 000-vertex star (10⁸ crossings) is refused in microseconds. A crossing through a
/// vertex is met by up to four edge pairs and counts that often; the bound is on work, not geometry.
/// </summary>
public static class SelfCrossings
{
    public static CrossingCount CountUpTo(Geometry outline, int bound)
    {
        var rings = Enumerable.Range(0, outline.NumGeometries).Select(outline.GetGeometryN).OfType<Polygon>()
            .SelectMany(p => new[] { p.Shell }.Concat(p.Holes))
            .Select(r => (ISegmentString)new BasicSegmentString(r.Coordinates, null))
            .ToList();
        var counter = new BoundedCounter(bound);
        var noder = new MCIndexNoder(counter);
        noder.ComputeNodes(rings);
        return new CrossingCount(counter.Count, counter.First);
    }

    /// <summary>Counts edge pairs that meet; neighbouring edges of one ring always share a vertex and are not counted.</summary>
    private sealed class BoundedCounter(int bound) : ISegmentIntersector
    {
        private readonly RobustLineIntersector _intersector = new();

        public int Count { get; private set; }
        public Coordinate? First { get; private set; }
        public bool IsDone => Count > bound;

        public void ProcessIntersections(ISegmentString e0, int segment0, ISegmentString e1, int segment1)
        {
            if (IsDone || (e0 == e1 && Neighbours(e0, segment0, segment1))) return;
            var a = e0.Coordinates;
            var b = e1.Coordinates;
            _intersector.ComputeIntersection(a[segment0], a[segment0 + 1], b[segment1], b[segment1 + 1]);
            if (!_intersector.HasIntersection) return;
            Count++;
            First ??= _intersector.GetIntersection(0).Copy();
        }

        /// <summary>Consecutive edges of one ring, including its last and first.</summary>
        private static bool Neighbours(ISegmentString ring, int i, int j)
        {
            var gap = Math.Abs(i - j);
            return gap <= 1 || gap == ring.Count - 2;
        }
    }
}
