using Spatial.Api.Features.Imports.Coordinates;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Imports.Coordinates.PlanRuns;

namespace Spatial.Api.Tests.Features.Imports.Coordinates;

/// <summary>
/// 西安1980 and 北京1954 coordinates with seven parameters, through the plan's real ogr2ogr, against PROJ's
/// classic <c>+towgs84</c> path (<c>cs2cs</c>) and against the Helmert formula written out here.
/// </summary>
public sealed class SevenParameterPlanTests
{
    private const string Seven = "23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2";

    /// <summary>Points around 鸡西, 绥芬河 and 虎林 in 西安1980 3° Gauss–Krüger zone 44 (EPSG:2368), easting (with prefix) first.</summary>
    private static readonly (double E, double N)[] XianZone44 =
    [
        (44_419_127.173, 5_018_246.283),
        (44_432_359.430, 4_918_174.969),
        (44_572_887.088, 5_070_615.249),
        (44_500_000.000, 5_000_000.000),
    ];

    private static CoordinateParameters With(string convention, string seven = Seven, string? crs = null) => new(crs, seven, convention, null);

    private static async Task AgreeWithCs2csWithin1cmAsync(CoordinatePlan plan, string legacyProj, (double, double)[] points)
    {
        var expected = await Cs2csAsync(legacyProj, "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs", points);
        var actual = await ThroughOgr2OgrAsync(plan, points);

        Assert.Equal(points.Length, actual.Length);
        for (var i = 0; i < points.Length; i++)
            Assert.True(Metres(actual[i], expected[i]) < 0.01, $"point {i}: {actual[i]} vs cs2cs {expected[i]}: {Metres(actual[i], expected[i]):0.000} m");
    }

    [Fact]
    public async Task A_xian_1980_zone_44_prj_file_with_position_vector_parameters_lands_within_1cm_of_proj_towgs84()
    {
        var plan = Planned(With("position_vector"), DeclaredCrs.FromWkt(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "prj", "Xian_1980_3_Degree_GK_Zone_44.prj"))));

        await AgreeWithCs2csWithin1cmAsync(plan,
            "+proj=tmerc +lat_0=0 +lon_0=132 +k=1 +x_0=44500000 +y_0=0 +ellps=IAU76 +towgs84=23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2 +units=m +no_defs", XianZone44);
    }

    [Fact]
    public async Task A_beijing_1954_cm_132_file_with_coordinate_frame_parameters_lands_within_1cm_of_proj_with_the_rotations_negated()
    {
        var plan = Planned(With("coordinate_frame", crs: "EPSG:2441"), DeclaredCrs.None);
        var points = XianZone44.Select(p => (p.E - 44_000_000, p.N)).ToArray();

        await AgreeWithCs2csWithin1cmAsync(plan,
            "+proj=tmerc +lat_0=0 +lon_0=132 +k=1 +x_0=500000 +y_0=0 +ellps=krass +towgs84=23.5,-118.2,-45.7,-0.85,1.32,-2.47,-3.2 +units=m +no_defs", points);
    }

    [Fact]
    public async Task Coordinate_frame_is_position_vector_with_negated_rotations_and_the_convention_matters()
    {
        var declared = DeclaredCrs.FromEpsg(2368);
        var frame = await ThroughOgr2OgrAsync(Planned(With("coordinate_frame"), declared), XianZone44);
        var negated = await ThroughOgr2OgrAsync(Planned(With("position_vector", "23.5,-118.2,-45.7,-0.85,1.32,-2.47,-3.2"), declared), XianZone44);
        var vector = await ThroughOgr2OgrAsync(Planned(With("position_vector"), declared), XianZone44);

        for (var i = 0; i < XianZone44.Length; i++)
        {
            Assert.True(Metres(frame[i], negated[i]) < 1e-4, $"point {i}: {Metres(frame[i], negated[i])} m");
            Assert.True(Metres(frame[i], vector[i]) > 10, $"point {i}: the two conventions differ by only {Metres(frame[i], vector[i])} m");
        }
    }

    [Fact]
    public async Task A_xian_1980_longitude_latitude_point_moves_as_the_coordinate_frame_helmert_formula_says()
    {
        // EPSG 9607 (coordinate frame), written from the formula: geodetic → geocentric on IAG 1975, the
        // rotation matrix [[1, rz, −ry], [−rz, 1, rx], [ry, −rx, 1]] scaled by 1 + ds, the shift, back to geodetic on GRS80.
        const double lon = 131.2, lat = 45.3;
        var (x, y, z) = Geocentric(lon, lat, 6_378_140, 1 / 298.257);
        var (dx, dy, dz) = (23.5, -118.2, -45.7);
        var (rx, ry, rz) = (0.85 / 206_264.806_247_096_36, -1.32 / 206_264.806_247_096_36, 2.47 / 206_264.806_247_096_36);
        var m = 1 + -3.2e-6;
        var x2 = dx + m * (x + rz * y - ry * z);
        var y2 = dy + m * (-rz * x + y + rx * z);
        var z2 = dz + m * (ry * x - rx * y + z);
        var expected = Geodetic(x2, y2, z2, 6_378_137, 1 / 298.257222101);

        var plan = Planned(With("coordinate_frame"), DeclaredCrs.FromEpsg(4610));
        var actual = (await ThroughOgr2OgrAsync(plan, (lon, lat)))[0];

        Assert.True(Metres(actual, expected) < 0.001, $"{actual} vs the formula's {expected}: {Metres(actual, expected):0.0000} m");
        Assert.True(Metres(actual, (lon, lat)) > 10, "the parameters moved the point");
    }

    [Fact]
    public async Task Staged_into_postgis_the_geometries_are_cgcs2000_and_no_spatial_ref_sys_row_is_added()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        var before = await database.ScalarAsync<long>("SELECT count(*) FROM spatial_ref_sys");
        var plan = Planned(With("position_vector"), DeclaredCrs.FromEpsg(2368));

        await StageAsync(database, "staged_seven", plan, XianZone44);

        Assert.Equal(4490, plan.StagedSrid);
        Assert.Equal(4490, await database.ScalarAsync<int>("SELECT srid FROM geometry_columns WHERE f_table_name = 'staged_seven'"));
        Assert.Equal(before, await database.ScalarAsync<long>("SELECT count(*) FROM spatial_ref_sys"));
        var expected = await Cs2csAsync(
            "+proj=tmerc +lat_0=0 +lon_0=132 +k=1 +x_0=44500000 +y_0=0 +ellps=IAU76 +towgs84=23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2 +units=m +no_defs",
            "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs", XianZone44[0]);
        var lon = await database.ScalarAsync<double>("SELECT ST_X(geom) FROM staged_seven WHERE n = 0");
        var lat = await database.ScalarAsync<double>("SELECT ST_Y(geom) FROM staged_seven WHERE n = 0");
        Assert.True(Metres((lon, lat), expected[0]) < 0.01, $"({lon}, {lat}) vs cs2cs {expected[0]}");
    }

    private static (double X, double Y, double Z) Geocentric(double lon, double lat, double a, double f)
    {
        var e2 = f * (2 - f);
        var (phi, lambda) = (lat * Math.PI / 180, lon * Math.PI / 180);
        var n = a / Math.Sqrt(1 - e2 * Math.Sin(phi) * Math.Sin(phi));
        return (n * Math.Cos(phi) * Math.Cos(lambda), n * Math.Cos(phi) * Math.Sin(lambda), n * (1 - e2) * Math.Sin(phi));
    }

    private static (double Lon, double Lat) Geodetic(double x, double y, double z, double a, double f)
    {
        var e2 = f * (2 - f);
        var p = Math.Sqrt(x * x + y * y);
        var phi = Math.Atan2(z, p * (1 - e2));
        for (var i = 0; i < 10; i++)
        {
            var n = a / Math.Sqrt(1 - e2 * Math.Sin(phi) * Math.Sin(phi));
            var h = p / Math.Cos(phi) - n;
            phi = Math.Atan2(z, p * (1 - e2 * n / (n + h)));
        }
        return (Math.Atan2(y, x) * 180 / Math.PI, phi * 180 / Math.PI);
    }
}
