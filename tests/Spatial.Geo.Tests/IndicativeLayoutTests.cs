using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class IndicativeLayoutTests
{
    private static readonly WKTReader Wkt = new(Geometries.ForSrid(4553).GeometryServices);
    private static readonly Geometry TenKmSquare = Wkt.Read("POLYGON((0 0, 10000 0, 10000 10000, 0 10000, 0 0))");

    [Theory]
    [InlineData(FootprintShape.Square, 30_000)]
    [InlineData(FootprintShape.Circle, 2_000_000)]
    public void A_footprint_has_the_requested_area(FootprintShape shape, double area)
    {
        var placed = new IndicativeLayout().Place(TenKmSquare, new Coordinate(5000, 5000), area, shape);

        Assert.Equal(area, placed.Area, area * 1e-9);
        Assert.True(TenKmSquare.Contains(placed));
    }

    [Fact]
    public void Footprints_placed_in_turn_do_not_touch_each_other()
    {
        var layout = new IndicativeLayout(gapMetres: 50);
        var placed = Enumerable.Range(0, 12)
            .Select(_ => layout.Place(TenKmSquare, new Coordinate(5000, 5000), 250_000, FootprintShape.Square)).ToList();

        for (var i = 0; i < placed.Count; i++)
            for (var j = i + 1; j < placed.Count; j++)
                Assert.True(placed[i].Distance(placed[j]) >= 50 - 1e-6, $"{i} and {j} are too close");
        Assert.All(placed, p => Assert.True(TenKmSquare.Contains(p)));
    }

    [Fact]
    public void An_anchor_outside_the_region_falls_back_to_its_interior()
    {
        var lShape = Wkt.Read("POLYGON((0 0, 4000 0, 4000 1000, 1000 1000, 1000 4000, 0 4000, 0 0))");

        var placed = new IndicativeLayout().Place(lShape, new Coordinate(3000, 3000), 10_000, FootprintShape.Square);

        Assert.True(lShape.Contains(placed));
    }

    [Fact]
    public void A_footprint_larger_than_its_region_is_refused_with_the_sizes()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => new IndicativeLayout().Place(TenKmSquare, null, 200_000_000, FootprintShape.Square));

        Assert.Contains("no room for a 200000000 m² footprint", error.Message, StringComparison.Ordinal);
    }
}
