using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class WktParserTests
{
    private static Geometry Read(string wkt) => WktParser.Read(wkt, Geometries.LonLat);

    private static WktFormatException Refused(string wkt) => Assert.Throws<WktFormatException>(() => Read(wkt));

    [Theory]
    [InlineData("POLYGON ((131 45, 131.1 45, 131.1 45.1, 131 45.1, 131 45), (131.02 45.02, 131.02 45.04, 131.04 45.04, 131.02 45.02))")]
    [InlineData("MULTIPOLYGON (((131 45, 131.1 45, 131.1 45.1, 131 45)), ((132 45, 132.1 45, 132.1 45.1, 132 45)))")]
    [InlineData("LINESTRING (131 45, 131.5 45.5, -1.5e2 4.5E1)")]
    [InlineData("GEOMETRYCOLLECTION (POINT (131 45), LINESTRING (131 45, 132 46))")]
    [InlineData("MULTILINESTRING ((131 45, 132 46), (133 47, 134 48))")]
    [InlineData("point(131 45)")]
    public void Plain_wkt_reads_as_nts_reads_it(string wkt) =>
        Assert.True(new WKTReader(Geometries.LonLat.GeometryServices).Read(wkt).EqualsExact(Read(wkt)));

    [Fact]
    public void Z_and_m_values_are_read_and_dropped()
    {
        Assert.True(Read("POINT Z (131 45 120)").EqualsExact(Read("POINT (131 45)")));
        Assert.True(Read("LINESTRINGZM (131 45 1 2, 132 46 3 4)").EqualsExact(Read("LINESTRING (131 45, 132 46)")));
        Assert.True(double.IsNaN(Read("POINT (131 45 120)").Coordinate.Z));
    }

    [Fact]
    public void Multipoint_members_may_be_bare_or_parenthesised() =>
        Assert.True(Read("MULTIPOINT (131 45, 132 46)").EqualsExact(Read("MULTIPOINT ((131 45), (132 46))")));

    [Theory]
    [InlineData("POINT EMPTY", "Point")]
    [InlineData("POLYGON EMPTY", "Polygon")]
    [InlineData("GEOMETRYCOLLECTION EMPTY", "GeometryCollection")]
    public void Empty_geometries_read_as_empty(string wkt, string type)
    {
        var geometry = Read(wkt);
        Assert.True(geometry.IsEmpty);
        Assert.Equal(type, geometry.GeometryType);
    }

    [Theory]
    [InlineData("POINT (中 45)", 8, "expected a number, found '中' (U+4E2D)")]
    [InlineData("POLYGON ((131 45, 131.1 45, 131.1 45.1, 131 45))地块", 49, "unexpected '地' (U+5730) after the geometry")]
    [InlineData("POINT (NaN 45)", 8, "expected a number, found 'N'")]
    [InlineData("POINT (1e400 45)", 8, "1e400 is too large for a coordinate")]
    [InlineData("POINT (0x10 45)", 9, "expected a number, found 'x'")]
    [InlineData("POINT (1e 45)", 8, "'1e' is not a number")]
    [InlineData("POINT (131\u000045)", 11, "expected a number, found U+0000")]
    [InlineData("POLYGON ((131 45, 132 45))", 10, "a polygon ring needs at least 4 positions (3 distinct + closing), found 2")]
    [InlineData("POLYGON ((131 45, 132 45, 132 46, 131 46))", 10, "the ring is not closed: its last position must repeat the first")]
    [InlineData("LINESTRING (131 45)", 12, "a line needs at least 2 positions")]
    [InlineData("CIRCULARSTRING (0 0, 1 1, 2 0)", 1, "'CIRCULARSTRING' is not a WKT geometry type")]
    [InlineData("POINT (131 45", 14, "expected ')', found the end of the text")]
    [InlineData("", 1, "expected a geometry type")]
    public void Malformed_wkt_is_refused_naming_the_character_and_the_reason(string wkt, int character, string reason)
    {
        var error = Refused(wkt);

        Assert.Equal(character, error.Position + 1);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Collections_nested_deeper_than_the_bound_are_refused_before_the_stack_runs_out()
    {
        var deep = string.Concat(Enumerable.Repeat("GEOMETRYCOLLECTION (", 100_000)) + "POINT (1 2)" + new string(')', 100_000);
        var allowed = string.Concat(Enumerable.Repeat("GEOMETRYCOLLECTION (", WktParser.MaxNesting)) + "POINT (1 2)" + new string(')', WktParser.MaxNesting);

        Assert.Contains("nested deeper than 16 levels", Refused(deep).Reason, StringComparison.Ordinal);
        Assert.Equal(1, Read(allowed).NumPoints);
    }

    [Fact]
    public void Reading_from_a_position_stops_just_after_the_geometry()
    {
        const string filter = "S_INTERSECTS(geometry, POINT (131 45)) AND x = 1";
        var at = filter.IndexOf("POINT", StringComparison.Ordinal);

        var point = WktParser.Read(filter, ref at, Geometries.LonLat);

        Assert.Equal(new Coordinate(131, 45), point.Coordinate);
        Assert.Equal(") AND x = 1", filter[at..]);
    }
}
