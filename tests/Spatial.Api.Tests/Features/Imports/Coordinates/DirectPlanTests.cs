using Spatial.Api.Features.Imports.Coordinates;
using static Spatial.Api.Tests.Features.Imports.Coordinates.PlanRuns;

namespace Spatial.Api.Tests.Features.Imports.Coordinates;

/// <summary>
/// CGCS2000 and WGS 84 need no parameters, only the right axis order: files store easting (or longitude) first
/// whatever the EPSG order of their CRS, and ogr2ogr's options take them so. Expected values from cs2cs, which
/// speaks the EPSG order (4532: northing, easting; 4490: latitude, longitude).
/// </summary>
public sealed class DirectPlanTests
{
    private const double North = 5_018_246.283, East = 44_419_127.173;

    private static async Task<(double Lon, double Lat)> ExpectedAsync()
    {
        var (lat, lon) = (await Cs2csAsync("EPSG:4532", "EPSG:4490", (North, East)))[0];
        return (lon, lat);
    }

    [Theory]
    [InlineData("CGCS2000_3_Degree_GK_Zone_44", null, East)]
    [InlineData("CGCS2000_3_Degree_GK_CM_132E", null, East - 44_000_000)]
    [InlineData(null, "EPSG:4532", East)]
    [InlineData(null, "http://www.opengis.net/def/crs/EPSG/0/4553", East - 44_000_000)]
    [InlineData("GCS_WGS_1984", "EPSG:4553", East - 44_000_000)]
    public async Task Gauss_kruger_coordinates_stored_easting_first_land_where_cs2cs_puts_them(string? prj, string? crs, double east)
    {
        var declared = prj is null ? DeclaredCrs.None : DeclaredCrs.FromWkt(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "prj", prj + ".prj")));
        var plan = Planned(new CoordinateParameters(crs, null, null, null), declared);

        var actual = (await ThroughOgr2OgrAsync(plan, (east, North)))[0];

        Assert.True(Metres(actual, await ExpectedAsync()) < 0.01, $"{actual} vs {await ExpectedAsync()}");
    }

    [Theory]
    [InlineData("EPSG:4490")]
    [InlineData("EPSG:4326")]
    [InlineData("OGC:CRS84")]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84")]
    public async Task Longitude_latitude_stays_longitude_latitude_whatever_the_epsg_axis_order(string crs)
    {
        var plan = Planned(new CoordinateParameters(crs, null, null, null), DeclaredCrs.None);

        var (lon, lat) = (await ThroughOgr2OgrAsync(plan, (130.969, 45.295)))[0];

        Assert.Equal(130.969, lon, 1e-9);
        Assert.Equal(45.295, lat, 1e-9);
    }

    [Fact]
    public void A_kml_file_is_crs84_and_needs_no_parameter()
    {
        var plan = Planned(CoordinateParameters.None, DeclaredCrs.Crs84());

        Assert.Equal(["-s_srs", "EPSG:4326", "-t_srs", "EPSG:4490"], plan.Ogr2OgrArguments);
        Assert.Equal("wgs84", plan.Record["datum"]!.GetValue<string>());
    }
}
