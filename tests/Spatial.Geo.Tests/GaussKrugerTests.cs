using NetTopologySuite.IO;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class GaussKrugerTests
{
    private static readonly GaussKrugerZone Zone44 = new(44);

    [Theory] // cs2cs 4490 → 4532 sanity values from GIS-CONVENTIONS §1.3
    [InlineData(130.969, 45.295, 5_018_246.283, 44_419_127.173)]
    [InlineData(131.151, 44.396, 4_918_174.969, 44_432_359.430)]
    [InlineData(132.937, 45.767, 5_070_615.249, 44_572_887.088)]
    public void Zone_44_with_prefix_matches_proj(double lon, double lat, double northing, double easting)
    {
        var (e, n) = GaussKruger.Project(lon, lat, Zone44, prefixed: true);

        Assert.Equal(easting, e, 0.002);
        Assert.Equal(northing, n, 0.002);
    }

    [Fact]
    public void Plane_to_lonlat_and_back_round_trips_within_a_millimetre()
    {
        var (lon, lat) = GaussKruger.Unproject(44_419_127.173, 5_018_246.283, Zone44, prefixed: true);
        var (e, n) = GaussKruger.Project(lon, lat, Zone44, prefixed: true);

        Assert.Equal(44_419_127.173, e, 0.001);
        Assert.Equal(5_018_246.283, n, 0.001);
    }

    [Fact]
    public void The_cm_variant_differs_from_the_prefixed_one_only_by_the_zone_prefix()
    {
        var (prefixed, _) = GaussKruger.Project(131.5, 45.0, Zone44, prefixed: true);
        var (plain, _) = GaussKruger.Project(131.5, 45.0, Zone44, prefixed: false);

        Assert.Equal(44_000_000, prefixed - plain, 1e-6);
    }

    [Theory]
    [InlineData(130.0, 43)]
    [InlineData(130.6, 44)]
    [InlineData(131.15, 44)]
    [InlineData(133.6, 45)]
    public void The_zone_is_the_nearest_central_meridian(double lon, int zone) =>
        Assert.Equal(zone, GaussKrugerZone.ForLongitude(lon).Zone);

    [Theory]
    [InlineData(4531, 43, true)]
    [InlineData(4532, 44, true)]
    [InlineData(4533, 45, true)]
    [InlineData(4552, 43, false)]
    [InlineData(4553, 44, false)]
    [InlineData(4554, 45, false)]
    public void Epsg_codes_name_the_zone_and_whether_eastings_carry_it(int srid, int zone, bool prefixed)
    {
        var parsed = GaussKrugerZone.FromSrid(srid);

        Assert.NotNull(parsed);
        Assert.Equal(zone, parsed.Value.Zone.Zone);
        Assert.Equal(prefixed, parsed.Value.Prefixed);
        Assert.Equal(srid, parsed.Value.Zone.Srid(prefixed));
    }

    [Fact]
    public void A_geometry_projects_to_the_plane_and_back()
    {
        var lonLat = new WKTReader(Geometries.LonLat.GeometryServices).Read("POLYGON((131 45, 131.01 45, 131.01 45.01, 131 45.01, 131 45))");

        var plane = GaussKruger.ToPlane(lonLat, Zone44);
        var back = GaussKruger.ToLonLat(plane, Zone44);

        Assert.Equal(4553, plane.SRID);
        Assert.InRange(plane.Area, 874_000, 877_000); // 0.01° × 0.01° at 45°N ≈ 787.7 m × 1111.4 m, scale ≈ 1.0002
        Assert.True(back.EqualsExact(lonLat, 1e-9));
    }
}
