using Spatial.Api.Features.Imports.Coordinates;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Imports.Coordinates.PlanRuns;

namespace Spatial.Api.Tests.Features.Imports.Coordinates;

/// <summary>
/// 西安1980 Gauss–Krüger coordinates with four parameters: staged as read by the real ogr2ogr, adjusted in
/// PostGIS, and compared with the 四参数 formula computed here by hand (X north, Y east, without prefix).
/// </summary>
public sealed class FourParameterPlanTests
{
    private const double Dx = -35.2, Dy = 88.4, RotationArcsec = 2.5, ScalePpm = 4.1;
    private static readonly string Four = FormattableString.Invariant($"{Dx},{Dy},{RotationArcsec},{ScalePpm}");

    /// <summary>Survey coordinates (X north, Y east with the zone 44 prefix), as a 西安1980 GK zone 44 file holds them.</summary>
    private static readonly (double X, double Y)[] Survey = [(5_018_246.283, 44_419_127.173), (4_918_174.969, 44_432_359.430), (5_070_615.249, 44_572_887.088)];

    private static (double X, double Y) ByHand((double X, double Y) p, double prefix)
    {
        var theta = RotationArcsec / 3600 * Math.PI / 180;
        var k = 1 + ScalePpm / 1e6;
        var y = p.Y - prefix;
        return (Dx + k * (p.X * Math.Cos(theta) - y * Math.Sin(theta)), Dy + k * (p.X * Math.Sin(theta) + y * Math.Cos(theta)) + prefix);
    }

    [Fact]
    public async Task A_zone_44_prj_file_adjusted_in_postgis_lands_on_the_hand_computed_cgcs2000_plane_coordinates_within_a_millimetre()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        var declared = DeclaredCrs.FromWkt(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "prj", "Xian_1980_3_Degree_GK_Zone_44.prj")));
        var plan = Planned(new CoordinateParameters(null, null, null, Four), declared);

        await StageAsync(database, "staged_four", plan, Survey.Select(p => (p.Y, p.X)).ToArray());

        Assert.Equal(2368, plan.StagedSrid);
        Assert.Equal(4490, await database.ScalarAsync<int>("SELECT srid FROM geometry_columns WHERE f_table_name = 'staged_four'"));
        Assert.Equal("POINT", await database.ScalarAsync<string>("SELECT type FROM geometry_columns WHERE f_table_name = 'staged_four'"));
        for (var i = 0; i < Survey.Length; i++)
        {
            var expected = ByHand(Survey[i], 44_000_000);
            var east = await database.ScalarAsync<double>("SELECT ST_X(ST_Transform(geom, 4532)) FROM staged_four WHERE n = $1", i);
            var north = await database.ScalarAsync<double>("SELECT ST_Y(ST_Transform(geom, 4532)) FROM staged_four WHERE n = $1", i);
            Assert.Equal(expected.Y, east, 0.001);
            Assert.Equal(expected.X, north, 0.001);
        }
    }

    [Fact]
    public async Task The_adjusted_longitude_and_latitude_are_projs_inverse_of_the_hand_computed_plane_coordinates()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        var plan = Planned(new CoordinateParameters("EPSG:2389", null, null, Four), DeclaredCrs.None);
        var withoutPrefix = Survey.Select(p => (p.X, p.Y - 44_000_000)).ToArray();

        await StageAsync(database, "staged_four_cm", plan, withoutPrefix.Select(p => (p.Item2, p.X)).ToArray());

        // cs2cs speaks EPSG axis order: 4553 is northing, easting; 4490 latitude, longitude.
        var expected = await Cs2csAsync("EPSG:4553", "EPSG:4490", withoutPrefix.Select(p => ByHand(p, 0)).ToArray());
        for (var i = 0; i < Survey.Length; i++)
        {
            var lon = await database.ScalarAsync<double>("SELECT ST_X(geom) FROM staged_four_cm WHERE n = $1", i);
            var lat = await database.ScalarAsync<double>("SELECT ST_Y(geom) FROM staged_four_cm WHERE n = $1", i);
            Assert.True(Metres((lon, lat), (expected[i].B, expected[i].A)) < 0.001, $"point {i}: ({lon}, {lat}) vs cs2cs {expected[i]}");
        }
    }

    [Fact]
    public async Task A_plan_without_an_adjustment_leaves_the_staged_table_as_ogr2ogr_wrote_it()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        var plan = Planned(CoordinateParameters.None, DeclaredCrs.FromEpsg(4532));

        await StageAsync(database, "staged_direct", plan, (44_419_127.173, 5_018_246.283));

        Assert.Null(plan.Adjustment);
        Assert.Equal(4490, await database.ScalarAsync<int>("SELECT srid FROM geometry_columns WHERE f_table_name = 'staged_direct'"));
    }
}
