using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class ChineseOffsetsTests
{
    private const double MetresPerDegreeLat = 111_132;

    [Fact]
    public void The_gcj02_offset_at_jiguan_is_about_630_metres_mostly_east()
    {
        var (lon, lat) = ChineseOffsets.Wgs84ToGcj02(130.969, 45.295);
        var east = (lon - 130.969) * MetresPerDegreeLat * Math.Cos(45.295 * Math.PI / 180);
        var north = (lat - 45.295) * MetresPerDegreeLat;

        Assert.InRange(Math.Sqrt(east * east + north * north), 600, 660);
        Assert.True(east > 500 && north > 150 && north < 300, $"east {east:0} m, north {north:0} m");
    }

    [Theory]
    [InlineData(130.969, 45.295)]
    [InlineData(131.151, 44.396)]
    [InlineData(132.937, 45.767)]
    public void Gcj02_to_wgs84_inverts_the_forward_offset_to_under_a_millimetre(double lon, double lat)
    {
        var (gLon, gLat) = ChineseOffsets.Wgs84ToGcj02(lon, lat);
        var (wLon, wLat) = ChineseOffsets.Gcj02ToWgs84(gLon, gLat);

        Assert.InRange(Math.Abs(wLon - lon) * MetresPerDegreeLat, 0, 0.001);
        Assert.InRange(Math.Abs(wLat - lat) * MetresPerDegreeLat, 0, 0.001);
    }

    [Fact]
    public void Bd09_round_trips_through_gcj02()
    {
        var (bLon, bLat) = ChineseOffsets.Gcj02ToBd09(130.9765, 45.2972);
        var (gLon, gLat) = ChineseOffsets.Bd09ToGcj02(bLon, bLat);

        Assert.Equal(130.9765, gLon, precision: 5);
        Assert.Equal(45.2972, gLat, precision: 5);
    }

    [Fact]
    public void The_baidu_centre_of_jiguan_lands_on_the_real_city_centre_only_after_conversion()
    {
        // cp of 鸡冠区 in the echarts boundary file; the city centre is ≈ 130.967E 45.296N.
        var (lon, lat) = ChineseOffsets.Bd09ToWgs84(130.981185, 45.304355);

        Assert.InRange(lon, 130.962, 130.972);
        Assert.InRange(lat, 45.292, 45.300);
    }

    [Fact]
    public void Outside_china_nothing_is_offset()
    {
        Assert.Equal((140.0, 50.0), ChineseOffsets.Wgs84ToGcj02(140.0, 50.0));
    }
}
