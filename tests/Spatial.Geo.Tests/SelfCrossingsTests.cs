using NetTopologySuite.IO;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class SelfCrossingsTests
{
    private static int Count(string wkt, int bound = 1000) => SelfCrossings.CountUpTo(new WKTReader().Read(wkt), bound).Count;

    [Fact]
    public void A_valid_square_with_a_hole_has_none() =>
        Assert.Equal(0, Count("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))"));

    [Fact]
    public void A_bowtie_crosses_once_and_says_where() =>
        Assert.Equal((1, 5.0, 5.0), SelfCrossings.CountUpTo(new WKTReader().Read("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"), 10) is var c ? (c.Count, c.First!.X, c.First.Y) : default);

    [Fact]
    public void A_pentagram_crosses_five_times() =>
        Assert.Equal(5, Count("POLYGON ((0 10, 5.878 -8.09, -9.511 3.09, 9.511 3.09, -5.878 -8.09, 0 10))"));

    [Fact]
    public void A_crossing_through_a_vertex_of_both_edges_counts() =>
        Assert.True(Count("POLYGON ((0 0, 5 5, 10 10, 10 0, 5 5, 0 10, 0 0))") >= 1);

    [Fact]
    public void Two_identical_parts_meet_along_every_edge() =>
        Assert.True(Count("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((0 0, 1 0, 1 1, 0 1, 0 0)))") >= 4);

    [Fact]
    public void Counting_stops_just_past_the_bound()
    {
        // {101/50}: every edge crosses most others, about 2 500 crossings in all.
        var points = Enumerable.Range(0, 102).Select(i => 2 * Math.PI * (i * 50 % 101) / 101).Select(a => FormattableString.Invariant($"{Math.Cos(a):R} {Math.Sin(a):R}"));
        Assert.Equal(11, Count($"POLYGON (({string.Join(", ", points)}))", bound: 10));
    }
}
