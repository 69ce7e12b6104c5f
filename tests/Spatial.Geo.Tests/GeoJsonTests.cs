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

    private static GeoJsonException Refused(string json, string path = "$") =>
        Assert.Throws<GeoJsonException>(() => GeoJson.ReadGeometry(JsonDocument.Parse(json).RootElement, Geometries.LonLat, path));

    [Fact]
    public void A_bad_position_deep_in_a_feature_collection_is_named_by_its_full_path()
    {
        var error = Refused("""{"type":"Polygon","coordinates":[[[131,45],[132,45],[132,46],[131,"46"],[131,45]]]}""", "$.features[2].geometry");

        Assert.Equal("$.features[2].geometry.coordinates[0][3]", error.Path);
        Assert.Equal("$.features[2].geometry.coordinates[0][3]: position values must be numbers", error.Message);
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[1e400,45]}""", "$.coordinates", "position values must be finite")]
    [InlineData("""{"type":"Point","coordinates":[131,45,-1e400]}""", "$.coordinates", "position values must be finite")]
    [InlineData("""{"type":"Point","coordinates":[131,45,"12"]}""", "$.coordinates", "position values must be numbers")]
    [InlineData("""{"type":"Point","coordinates":[131]}""", "$.coordinates", "a position is an array [x, y]")]
    [InlineData("""{"type":"Point","coordinates":[]}""", "$.coordinates", "a position is an array [x, y]")]
    [InlineData("""{"type":"LineString","coordinates":[[131,45]]}""", "$.coordinates", "a line needs at least 2 positions")]
    [InlineData("""{"type":"LineString","coordinates":[]}""", "$.coordinates", "a line needs at least 2 positions")]
    [InlineData("""{"type":"MultiLineString","coordinates":[[[131,45],[132,45]],[]]}""", "$.coordinates[1]", "a line needs at least 2 positions")]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", "$.coordinates", "a polygon needs at least one ring")]
    [InlineData("""{"type":"Polygon","coordinates":[[[131,45],[132,45],[131,45]]]}""", "$.coordinates[0]", "a ring needs at least 4 positions (3 distinct + closing), found 3")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[131,45],[132,45],[132,46],[131,45]]],[[[131,45],[132,45],[132,46],[131,45]],[[131.1,45.1],[131.2,45.1],[131.2,45.2],[131.1,45.2]]]]}""",
        "$.coordinates[1][1]", "the ring is not closed: its last position must repeat the first")]
    [InlineData("""{"type":"MultiPoint","coordinates":[[131,45],[131]]}""", "$.coordinates[1]", "a position is an array [x, y]")]
    [InlineData("""{"type":"Polygon"}""", "$", "a Polygon needs a 'coordinates' array")]
    [InlineData("""{"type":"Point","coordinates":null}""", "$", "a Point needs a 'coordinates' array")]
    [InlineData("""{"coordinates":[131,45]}""", "$.type", "'type' must be a string")]
    [InlineData("""[131,45]""", "$", "a geometry must be a JSON object")]
    public void A_geometry_the_library_would_read_or_refuse_without_a_place_is_refused_at_its_path(string json, string path, string reason)
    {
        var error = Refused(json);

        Assert.Equal(path, error.Path);
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData("point")]
    [InlineData(" Point")]
    [InlineData("1")]
    [InlineData("Point, LineString")]
    [InlineData("Feature")]
    public void Only_the_seven_rfc_7946_geometry_types_spelt_exactly_are_read(string type)
    {
        var error = Refused($$"""{"type":"{{type}}","coordinates":[131,45]}""");

        Assert.Equal("$.type", error.Path);
        Assert.Equal($"'{type}' is not a GeoJSON geometry type", error.Reason);
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[131,45],"coordinates":"x"}""", "$.coordinates", "'coordinates' appears twice")]
    [InlineData("""{"type":"Point","type":"Circle","coordinates":[131,45]}""", "$.type", "'type' appears twice")]
    [InlineData("""{"type":"Point","coordinates":[131,45],"geometries":5}""", "$.geometries", "a Point has 'coordinates', not 'geometries'")]
    [InlineData("""{"type":"GeometryCollection","geometries":[],"coordinates":"x"}""", "$.coordinates", "a GeometryCollection has 'geometries', not 'coordinates'")]
    [InlineData("""{"type":"GeometryCollection"}""", "$.geometries", "'geometries' must be an array")]
    [InlineData("""{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[131,45]},null]}""", "$.geometries[1]", "a geometry must be a JSON object")]
    public void Members_the_library_would_read_in_the_wrong_place_or_twice_are_refused(string json, string path, string reason)
    {
        var error = Refused(json);

        Assert.Equal(path, error.Path);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Geometry_collections_nest_16_deep_and_no_deeper()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("""{"type":"GeometryCollection","geometries":[""", depth))
            + """{"type":"Point","coordinates":[131,45]}""" + string.Concat(Enumerable.Repeat("]}", depth));

        Assert.Equal(1, Read(Nested(16)).NumPoints);
        var error = Refused(Nested(17));
        Assert.Equal(string.Concat(Enumerable.Repeat(".geometries[0]", 16)).Insert(0, "$") + ".geometries", error.Path);
        Assert.Equal("geometry collections are nested deeper than 16 levels", error.Reason);
    }

    [Fact]
    public void An_elevation_is_read_and_dropped_so_every_geometry_is_two_dimensional()
    {
        var geometry = Read("""{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[131,45]},{"type":"LineString","coordinates":[[131,45,210.5],[131.1,45.1,7,99]]}]}""");

        Assert.Equal("GEOMETRYCOLLECTION (POINT (131 45), LINESTRING (131 45, 131.1 45.1))", geometry.AsText());
        Assert.All(geometry.Coordinates, c => Assert.True(double.IsNaN(c.Z)));
        Assert.Equal(4490, geometry.SRID);
    }

    [Fact]
    public void Written_positions_are_rounded_to_the_decimals_asked_and_rings_keep_their_orientation()
    {
        var clockwise = new NetTopologySuite.IO.WKTReader(NetTopologySuite.NtsGeometryServices.Instance)
            .Read("POLYGON ((131.123456789 45.98765432, 131.123456789 46.5, 132.00000004 46.5, 131.123456789 45.98765432))");

        Assert.Equal("""{"type":"Polygon","coordinates":[[[131.1234568,45.9876543],[131.1234568,46.5],[132,46.5],[131.1234568,45.9876543]]]}""",
            GeoJson.ToJson(clockwise, 7));
    }

    [Fact]
    public void A_feature_is_read_with_its_id_properties_and_geometry()
    {
        using var document = JsonDocument.Parse("""
            {"type":"Feature","id":17,"bbox":[1,2,3,4],"properties":{"name_zh":"鸡西生物质热电","investment_cny":1.2e9,"tags":["a"]},
             "geometry":{"type":"Point","coordinates":[131.1,45.3]}}
            """);

        var feature = GeoJson.ReadFeature(document.RootElement, Geometries.LonLat);
        document.Dispose();

        Assert.Equal("17", feature.Id);
        Assert.Equal(["name_zh", "investment_cny", "tags"], feature.Properties.Keys);
        Assert.Equal("鸡西生物质热电", feature.Properties["name_zh"].GetString());
        Assert.Equal(1.2e9, feature.Properties["investment_cny"].GetDouble());
        Assert.Equal("POINT (131.1 45.3)", feature.Geometry!.AsText());
        Assert.Equal(4490, feature.Geometry.SRID);
    }

    [Fact]
    public void A_feature_without_properties_or_with_a_null_geometry_reads_as_having_none()
    {
        var feature = GeoJson.ReadFeature(JsonDocument.Parse("""{"type":"Feature","id":"JX-7","geometry":null}""").RootElement, Geometries.LonLat);

        Assert.Equal(new GeoJsonFeature("JX-7", feature.Properties, null), feature);
        Assert.Empty(feature.Properties);
    }

    [Theory]
    [InlineData("""{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[131,45],[131,1e999]]}}""", "$.features[4].geometry.coordinates[1]", "position values must be finite")]
    [InlineData("""{"type":"Feature","id":{"n":1},"properties":{},"geometry":null}""", "$.features[4].id", "a feature's 'id' is a string or a number (RFC 7946 §3.2)")]
    [InlineData("""{"type":"Feature","id":true,"properties":{},"geometry":null}""", "$.features[4].id", "a feature's 'id' is a string or a number (RFC 7946 §3.2)")]
    [InlineData("""{"type":"Feature","properties":[1],"geometry":null}""", "$.features[4].properties", "'properties' must be an object or null")]
    [InlineData("""{"type":"Feature","properties":{"name_zh":"a","name_zh":"b"},"geometry":null}""", "$.features[4].properties.name_zh", "'name_zh' appears twice")]
    [InlineData("""{"type":"Feature","properties":{"名 称":1,"名 称":2},"geometry":null}""", "$.features[4].properties['名 称']", "'名 称' appears twice")]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", "$.features[4].type", "a feature's 'type' is \"Feature\"")]
    [InlineData("""{"properties":{},"geometry":null}""", "$.features[4].type", "a feature's 'type' is \"Feature\"")]
    [InlineData("""null""", "$.features[4]", "a feature must be a JSON object")]
    [InlineData("""{"type":{"type":"Feature"},"geometry":null}""", "$.features[4].type", "a feature's 'type' is \"Feature\"")]
    public void A_bad_feature_is_refused_at_its_path(string json, string path, string reason)
    {
        var error = Assert.Throws<GeoJsonException>(() => GeoJson.ReadFeature(JsonDocument.Parse(json).RootElement, Geometries.LonLat, "$.features[4]"));

        Assert.Equal(path, error.Path);
        Assert.Equal(reason, error.Reason);
    }
}
