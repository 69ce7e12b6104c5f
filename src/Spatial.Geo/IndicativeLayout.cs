using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Quadtree;

namespace Spatial.Geo;

/// <summary>The outline of an indicative footprint.</summary>
public enum FootprintShape
{
    /// <summary>Sites (projects, parks): a north-aligned square.</summary>
    Square,
    /// <summary>Areas without a surveyed outline (zones, wetlands): a 32-sided circle, visibly schematic.</summary>
    Circle,
}

/// <summary>
/// Places indicative footprints where a plan names a place but gives no outline: a shape of the stated
/// (or nominal) area, as near the anchor as it fits wholly inside its region (a county less its water,
/// a park, the lake) without touching what was placed before. Works in a Gauss–Krüger plane (metres),
/// so the area is right to the zone's scale error (&lt; 0.06 % here). Deterministic: same input, same output.
/// </summary>
public sealed class IndicativeLayout(double gapMetres = 50, int maxCandidates = 400_000)
{
    private readonly Quadtree<Geometry> _placed = new();

    /// <summary>Something to keep clear of (another layer's footprint in the same plane).</summary>
    public void Reserve(Geometry plane)
    {
        _placed.Insert(plane.EnvelopeInternal, plane);
    }

    /// <summary>
    /// The footprint nearest <paramref name="anchor"/> (or the region's most interior point when the
    /// anchor is outside) that lies inside <paramref name="region"/> and clear of everything placed.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing of that size fits in the region.</exception>
    public Polygon Place(Geometry region, Coordinate? anchor, double areaSquareMetres, FootprintShape shape, bool keepClear = true)
    {
        if (areaSquareMetres <= 0) throw new ArgumentOutOfRangeException(nameof(areaSquareMetres), "area must be positive");
        if (region.IsEmpty) throw new InvalidOperationException("the region to place it in is empty");
        var factory = region.Factory;
        var inside = PreparedGeometryFactory.Prepare(region);
        var halfSize = shape == FootprintShape.Square ? Math.Sqrt(areaSquareMetres) / 2 : CircleRadius(areaSquareMetres);
        var start = anchor is not null && inside.Contains(factory.CreatePoint(anchor))
            ? anchor
            : new NetTopologySuite.Algorithm.Construct.MaximumInscribedCircle(region, 1.0).GetCenter().Coordinate;
        var step = Math.Max(halfSize * 1.2, 25);
        var reach = region.EnvelopeInternal.Diameter + halfSize;

        var tried = 0;
        foreach (var centre in Spiral(start, step, reach))
        {
            if (++tried > maxCandidates) break;
            var candidate = Build(factory, centre, halfSize, shape);
            if (!inside.Contains(candidate)) continue;
            if (keepClear && Collides(candidate)) continue;
            if (keepClear) Reserve(candidate);
            return candidate;
        }
        throw new InvalidOperationException(
            $"no room for a {areaSquareMetres:0} m² footprint in a region of {region.Area:0} m² after {tried} candidate positions");
    }

    private bool Collides(Polygon candidate)
    {
        var envelope = candidate.EnvelopeInternal.Copy();
        envelope.ExpandBy(gapMetres);
        foreach (var other in _placed.Query(envelope))
            if (other.IsWithinDistance(candidate, gapMetres)) return true;
        return false;
    }

    /// <summary>Candidate centres on square rings of growing size around the start.</summary>
    private static IEnumerable<Coordinate> Spiral(Coordinate start, double step, double reach)
    {
        yield return start;
        for (var ring = 1; ring * step <= reach; ring++)
        {
            for (var i = -ring; i < ring; i++)
            {
                yield return new Coordinate(start.X + i * step, start.Y - ring * step);
                yield return new Coordinate(start.X + ring * step, start.Y + i * step);
                yield return new Coordinate(start.X - i * step, start.Y + ring * step);
                yield return new Coordinate(start.X - ring * step, start.Y - i * step);
            }
        }
    }

    private const int CircleSides = 32;

    private static double CircleRadius(double area) => Math.Sqrt(2 * area / (CircleSides * Math.Sin(2 * Math.PI / CircleSides)));

    private static Polygon Build(GeometryFactory factory, Coordinate c, double half, FootprintShape shape)
    {
        if (shape == FootprintShape.Square)
            return factory.CreatePolygon([
                new(c.X - half, c.Y - half), new(c.X + half, c.Y - half), new(c.X + half, c.Y + half),
                new(c.X - half, c.Y + half), new(c.X - half, c.Y - half)]);
        var ring = new Coordinate[CircleSides + 1];
        for (var i = 0; i < CircleSides; i++)
        {
            var angle = 2 * Math.PI * i / CircleSides;
            ring[i] = new Coordinate(c.X + half * Math.Cos(angle), c.Y + half * Math.Sin(angle));
        }
        ring[CircleSides] = ring[0].Copy();
        return factory.CreatePolygon(ring);
    }
}
