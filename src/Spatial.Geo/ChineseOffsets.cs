namespace Spatial.Geo;

/// <summary>
/// The obfuscated coordinate systems of Chinese web maps: GCJ-02 (Gaode, Tencent) and BD-09 (Baidu),
/// and the way back to WGS84 ≈ CGCS2000. Used to import Baidu-derived boundaries; our data is never
/// stored in either. Public formulas (eviltransform / coordtransform; Baidu's BD-09 ↔ GCJ-02).
/// </summary>
public static class ChineseOffsets
{
    private const double KrasovskyA = 6378245.0;
    private const double KrasovskyEe = 0.00669342162296594323;
    private const double BaiduXPi = Math.PI * 3000.0 / 180.0;

    /// <summary>WGS84 → GCJ-02 (closed form). Outside China the offset is zero.</summary>
    public static (double Lon, double Lat) Wgs84ToGcj02(double lon, double lat)
    {
        if (OutsideChina(lon, lat)) return (lon, lat);
        var (dLon, dLat) = Offset(lon, lat);
        return (lon + dLon, lat + dLat);
    }

    /// <summary>
    /// GCJ-02 → WGS84 by fixed-point iteration on the forward formula: converges to well under
    /// 1e-9° (sub-millimetre) in a few steps, unlike the one-step inverse (1–2 m off).
    /// </summary>
    public static (double Lon, double Lat) Gcj02ToWgs84(double lon, double lat)
    {
        if (OutsideChina(lon, lat)) return (lon, lat);
        double wLon = lon, wLat = lat;
        for (var i = 0; i < 30; i++)
        {
            var (gLon, gLat) = Wgs84ToGcj02(wLon, wLat);
            double errLon = gLon - lon, errLat = gLat - lat;
            wLon -= errLon;
            wLat -= errLat;
            if (Math.Abs(errLon) < 1e-10 && Math.Abs(errLat) < 1e-10) break;
        }
        return (wLon, wLat);
    }

    /// <summary>BD-09 → GCJ-02 (Baidu's public formula).</summary>
    public static (double Lon, double Lat) Bd09ToGcj02(double lon, double lat)
    {
        double x = lon - 0.0065, y = lat - 0.006;
        var z = Math.Sqrt(x * x + y * y) - 0.00002 * Math.Sin(y * BaiduXPi);
        var theta = Math.Atan2(y, x) - 0.000003 * Math.Cos(x * BaiduXPi);
        return (z * Math.Cos(theta), z * Math.Sin(theta));
    }

    /// <summary>GCJ-02 → BD-09 (Baidu's public formula).</summary>
    public static (double Lon, double Lat) Gcj02ToBd09(double lon, double lat)
    {
        var z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * BaiduXPi);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * BaiduXPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    /// <summary>BD-09 → GCJ-02 → WGS84 (≈ CGCS2000).</summary>
    public static (double Lon, double Lat) Bd09ToWgs84(double lon, double lat)
    {
        var (gLon, gLat) = Bd09ToGcj02(lon, lat);
        return Gcj02ToWgs84(gLon, gLat);
    }

    private static bool OutsideChina(double lon, double lat) =>
        lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;

    private static (double DLon, double DLat) Offset(double lon, double lat)
    {
        double x = lon - 105.0, y = lat - 35.0;
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x))
                   + (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0
                   + (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0
                   + (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x))
                   + (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0
                   + (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0
                   + (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        var radLat = lat / 180.0 * Math.PI;
        var magic = 1 - KrasovskyEe * Math.Sin(radLat) * Math.Sin(radLat);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (KrasovskyA * (1 - KrasovskyEe) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (KrasovskyA / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLon, dLat);
    }
}
