using System.Text.Json;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class GeoJsonTests
{
    private static NetTopologySuite.Geometries.Geometry Read(string json) =>
        GeoJson.ReadGeometry(JsonDocument.Parse(json).RootElement, Geometries.LonLat);

    [Fact]
    public void A_polygon_with_a_hole_round_trips()
    {
        const string json = """{"type":"Polygon","coordinates":[[[131,45],[132,45],[132,46],[131,46],[131,45]],[[131.2,45.2],[131.4,45.2],[131.4,45.4],[131.2,45.2]]]}""";

        var geometry = Read(json);

        Assert.Equal("Polygon", geometry.GeometryType);
        Assert.Equal(4490, geometry.SRID);
        Assert.Equal(json, GeoJson.ToJson(geometry));
    }

    [Fact]
    public void An_unclosed_ring_is_reported_with_its_path()
    {
        var error = Assert.Throws<GeoJsonException>(() =>
            Read("""{"type":"MultiPolygon","coordinates":[[[[131,45],[132,45],[132,46],[131,46]]]]}"""));

        Assert.Equal("$.coordinates[0][0]", error.Path);
        Assert.Contains("not closed", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_position_that_is_not_numbers_is_reported_with_its_path()
    {
        var error = Assert.Throws<GeoJsonException>(() => Read("""{"type":"LineString","coordinates":[[131,45],[131,"x"]]}"""));

        Assert.Equal("$.coordinates[1]", error.Path);
    }

    [Fact]
    public void An_unknown_type_is_refused()
    {
        var error = Assert.Throws<GeoJsonException>(() => Read("""{"type":"Circle","coordinates":[131,45]}"""));

        Assert.Equal("$.type", error.Path);
    }

    [Fact]
    public void A_multipolygon_member_that_is_not_an_array_is_reported_with_its_path()
    {
        var error = Assert.Throws<GeoJsonException>(() => Read("""{"type":"MultiPolygon","coordinates":[5]}"""));

        Assert.Equal("$.coordinates[0]", error.Path);
        Assert.Equal("a polygon is an array of rings", error.Reason);
    }
}
