using System.Text;
using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class LandParcelTxtTests
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    private static LandParcelFile Parse(string text) => LandParcelTxt.Parse(text);

    private static LandParcelFormatException Refused(string text) => Assert.Throws<LandParcelFormatException>(() => LandParcelTxt.Parse(text));

    [Fact]
    public void The_worked_example_is_two_parcels_in_zone_44_the_first_with_a_hole()
    {
        var file = Parse(Example);
        var first = ParcelOutlines.Build(file.Parcels[0], file).Plane;
        var second = ParcelOutlines.Build(file.Parcels[1], file).Plane;

        Assert.Equal(44, file.Zone.Zone);
        Assert.True(file.Prefixed);
        Assert.Equal(4532, file.Srid);
        Assert.Equal(2, file.Parcels.Count);
        Assert.Equal("地块1", file.Parcels[0].Name);
        Assert.Equal("物流仓储用地", file.Parcels[0].Use);
        Assert.Equal(1, ((Polygon)first).NumInteriorRings);
        Assert.Equal(5.3419, file.Parcels[0].DeclaredAreaHectares);
        Assert.Equal(53_418.81, first.Area, 0.01);
        Assert.Equal(5_648.16, second.Area, 0.01);
        Assert.Equal(5.3419, Math.Round(AreaUnits.ToHectares(first.Area), 4));
        Assert.Equal(0.5648, Math.Round(AreaUnits.ToHectares(second.Area), 4));
        Assert.Empty(file.Notes);
    }

    [Fact]
    public void J1_of_the_example_maps_to_the_published_latitude_and_longitude()
    {
        var file = Parse(Example);
        var j1 = file.Parcels[0].Rings[0].Points[0];

        var (lon, lat) = GaussKruger.Unproject(j1.Easting, j1.Northing, file.Zone, file.Prefixed);

        Assert.Equal(130.9669467, lon, 1e-7);
        Assert.Equal(45.2964758, lat, 1e-7);
    }

    [Fact]
    public void A_gbk_encoded_file_is_detected_and_read_the_same()
    {
        var gbk = TextDecoding.Gb18030.GetBytes(Example);

        var file = LandParcelTxt.Parse(gbk);

        Assert.Equal("GB18030", file.Encoding);
        Assert.Equal("地块1", file.Parcels[0].Name);
        Assert.Equal("鸡西市自然资源局", file.Header["数据产生单位"]);
    }

    [Fact]
    public void A_utf8_file_with_a_bom_is_read_as_utf8()
    {
        var file = LandParcelTxt.Parse([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Example)]);

        Assert.Equal("UTF-8", file.Encoding);
        Assert.Equal("物流仓储用地", file.Parcels[1].Use);
    }

    [Fact]
    public void A_ring_outside_ring_1_becomes_another_part()
    {
        var text = Example.Replace("J7,2,5018330.120,44419080.450\nJ8,2,5018331.640,44419120.730\nJ9,2,5018296.210,44419122.050\nJ10,2,5018294.880,44419081.660\nJ7,2,5018330.120,44419080.450",
            "J7,2,5018600.000,44419000.000\nJ8,2,5018600.000,44419050.000\nJ9,2,5018650.000,44419050.000\nJ7,2,5018600.000,44419000.000", StringComparison.Ordinal);
        var file = Parse(text);

        var outline = ParcelOutlines.Build(file.Parcels[0], file);

        Assert.IsType<MultiPolygon>(outline.Plane);
        Assert.Contains(outline.Notes, n => n.Contains("further parts", StringComparison.Ordinal));
    }

    [Fact]
    public void A_1km_square_in_zone_44_has_a_plane_area_of_exactly_1500_mu()
    {
        var file = Parse("""
            [属性描述]
            坐标系=2000国家大地坐标系
            几度分带=3
            投影类型=高斯克吕格
            计量单位=米
            带号=44
            [地块坐标]
            5,100.0000,SQ-1,一平方公里,面,,,,@
            J1,1,5018000.000,44419000.000
            J2,1,5019000.000,44419000.000
            J3,1,5019000.000,44420000.000
            J4,1,5018000.000,44420000.000
            J1,1,5018000.000,44419000.000
            """);
        var area = ParcelOutlines.Build(file.Parcels[0], file).Plane.Area;

        Assert.Equal(1_000_000, area, 1e-6);
        Assert.Equal(1500, AreaUnits.ToMu(area), 1e-9);
    }

    [Fact]
    public void Eastings_without_the_prefix_take_the_zone_from_the_header()
    {
        var file = Parse(Example.Replace(",4441", ",41", StringComparison.Ordinal));

        Assert.False(file.Prefixed);
        Assert.Equal(4553, file.Srid);
    }

    [Fact]
    public void A_prefix_that_disagrees_with_the_zone_number_is_refused_naming_the_line()
    {
        var error = Refused(Example.Replace("带号=44", "带号=43", StringComparison.Ordinal));

        Assert.Equal(14, error.Line);
        Assert.Equal("Y坐标", error.Field);
        Assert.Contains("zone prefix 44", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_coordinate_names_its_line_and_field()
    {
        var error = Refused(Example.Replace("J3,1,5018301.447,44419240.118", "J3,1,5018301.447,4441924O.118", StringComparison.Ordinal));

        Assert.Equal(16, error.Line);
        Assert.Equal("Y坐标", error.Field);
        Assert.Equal("line 16, Y坐标: '4441924O.118' is not a number", error.Message);
    }

    [Fact]
    public void Mixed_zones_in_one_file_are_refused()
    {
        var error = Refused(Example.Replace("J2,1,5018125.318,44419398.062", "J2,1,5018125.318,45419398.062", StringComparison.Ordinal));

        Assert.Contains("one file must use one zone", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2000国家大地坐标系", GeodeticDatum.Cgcs2000, 4532)]
    [InlineData("80国家大地坐标系", GeodeticDatum.Xian1980, 2368)]
    [InlineData("1980西安坐标系", GeodeticDatum.Xian1980, 2368)]
    [InlineData("西安80坐标系", GeodeticDatum.Xian1980, 2368)]
    [InlineData("54北京坐标系", GeodeticDatum.Beijing1954, 2420)]
    [InlineData("1954年北京坐标系", GeodeticDatum.Beijing1954, 2420)]
    [InlineData("Beijing 1954", GeodeticDatum.Beijing1954, 2420)]
    public void A_legacy_datum_is_read_with_its_datum_and_the_same_outlines_as_cgcs2000(string system, GeodeticDatum datum, int srid)
    {
        var cgcs = Parse(Example);
        var file = Parse(Example.Replace("坐标系=2000国家大地坐标系", "坐标系=" + system, StringComparison.Ordinal));

        Assert.Equal((datum, srid, 44, true), (file.Datum, file.Srid, file.Zone.Zone, file.Prefixed));
        Assert.Equal(srid, CrsIdentification.FromTxtHeader(file.Header, file.Zone.Zone, file.Prefixed, out _)!.Srid);
        for (var i = 0; i < cgcs.Parcels.Count; i++)
        {
            var outline = ParcelOutlines.Build(file.Parcels[i], file).Plane;
            Assert.Equal(srid, outline.SRID);
            Assert.True(outline.EqualsExact(ParcelOutlines.Build(cgcs.Parcels[i], cgcs).Plane));
        }
    }

    [Fact]
    public void A_legacy_file_without_prefix_is_on_the_central_meridian_plane_of_its_datum()
    {
        var file = Parse(Example.Replace("坐标系=2000国家大地坐标系", "坐标系=80国家大地坐标系", StringComparison.Ordinal).Replace(",44", ",", StringComparison.Ordinal));

        Assert.Equal((GeodeticDatum.Xian1980, 2389, false), (file.Datum, file.Srid, file.Prefixed));
    }

    [Fact]
    public void The_transformation_parameters_of_the_header_are_kept_as_written_and_not_applied()
    {
        var cgcs = Parse(Example);
        var file = Parse(Example.Replace("坐标系=2000国家大地坐标系", "坐标系=54北京坐标系", StringComparison.Ordinal)
            .Replace("转换参数=,,,,,,", "转换参数=23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2", StringComparison.Ordinal));

        Assert.Equal("23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2", file.Header["转换参数"]);
        Assert.Equal(cgcs.Parcels[0].Rings[0].Points, file.Parcels[0].Rings[0].Points);
    }

    [Theory]
    [InlineData("鸡西地方坐标系", "is none of 2000国家大地坐标系 (CGCS2000), 80国家大地坐标系 / 1980西安坐标系, 54北京坐标系")]
    [InlineData("WGS84", "is none of")]
    [InlineData("新北京54坐标系", "新北京54 (New Beijing 1954), which is not taken")]
    [InlineData("西安80转2000", "names more than one of CGCS2000 (2000国家大地坐标系), 西安1980 (Xian 1980)")]
    public void A_coordinate_system_that_is_none_or_more_than_one_of_the_three_is_refused_naming_it(string system, string reason)
    {
        var error = Refused(Example.Replace("坐标系=2000国家大地坐标系", "坐标系=" + system, StringComparison.Ordinal));

        Assert.Equal("坐标系", error.Field);
        Assert.Contains($"'{system}'", error.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("坐标系=2000国家大地坐标系", "坐标系=", "坐标系", "must be stated")]
    [InlineData("几度分带=3", "几度分带=6", "几度分带", "6° zones")]
    [InlineData("计量单位=米", "计量单位=英尺", "计量单位", "not 米")]
    public void A_missing_coordinate_system_other_zone_widths_and_units_are_refused(string from, string to, string field, string reason)
    {
        var error = Refused(Example.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_ring_is_refused_naming_the_parcel_and_ring()
    {
        var file = Parse(Example.Replace("J4,1,5018058.209,44419312.586\nJ1,1,5018122.905,44419310.447", "J4,1,5018058.209,44419312.586", StringComparison.Ordinal));

        var error = Assert.Throws<LandParcelFormatException>(() => ParcelOutlines.Build(file.Parcels[1], file));

        Assert.Contains("parcel 地块2 ring 1 is not closed", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ring_with_fewer_than_3_distinct_points_is_refused()
    {
        var file = Parse(Example.Replace("J3,1,5018061.774,44419400.913\nJ4,1,5018058.209,44419312.586\n", "", StringComparison.Ordinal));

        var error = Assert.Throws<LandParcelFormatException>(() => ParcelOutlines.Build(file.Parcels[1], file));

        Assert.Contains("2 distinct point(s)", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_point_count_and_a_repeated_point_are_noted_not_fatal()
    {
        var text = Example.Replace("5,0.5648,", "7,0.5648,", StringComparison.Ordinal)
            .Replace("J2,1,5018125.318,44419398.062\n", "J2,1,5018125.318,44419398.062\nJ2,1,5018125.318,44419398.062\n", StringComparison.Ordinal);
        var file = Parse(text);
        var outline = ParcelOutlines.Build(file.Parcels[1], file);

        Assert.Equal(["line 26: parcel 地块2 declares 7 points (界址点数) but lists 6"], file.Notes);
        Assert.Equal(["parcel 地块2 ring 1: point J2 (line 29) repeats the point before it"], outline.Notes);
        Assert.Equal(5_648.16, outline.Plane.Area, 0.01);
    }

    [Fact]
    public void An_at_line_with_too_few_fields_names_its_line()
    {
        var error = Refused(Example.Replace("5,0.5648,JX2025-001-2,地块2,面,L52G065080,物流仓储用地,,@", "5,0.5648,@", StringComparison.Ordinal));

        Assert.Equal(26, error.Line);
        Assert.Contains("8 fields then '@'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Carriage_returns_alone_break_lines_as_old_editors_write_them()
    {
        var file = Parse(Example.Replace("\n", "\r", StringComparison.Ordinal));

        Assert.Equal(2, file.Parcels.Count);
        Assert.Equal(26, file.Parcels[1].Line);
    }

    [Fact]
    public void A_declared_area_too_large_for_a_number_is_refused_naming_the_field()
    {
        var error = Refused(Example.Replace("5.3419", new string('9', 400), StringComparison.Ordinal));

        Assert.Equal(13, error.Line);
        Assert.Equal("地块面积", error.Field);
    }

    [Fact]
    public void A_ring_touching_itself_is_classed_by_its_vertices_and_left_to_the_validity_check()
    {
        var file = Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "ring-touching-itself.txt")));

        var outline = ParcelOutlines.Build(file.Parcels[0], file);

        Assert.IsType<MultiPolygon>(outline.Plane);
        Assert.Contains("parcel 地块1: ring(s) 2 lie outside ring 1 and are further parts", outline.Notes);
        Assert.NotEmpty(FootprintValidity.Check(outline.Plane));
    }
}
