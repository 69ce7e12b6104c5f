namespace Spatial.Geo;

/// <summary>
/// The datums coordinates arrive in. CGCS2000 is the storage datum; WGS 84 is taken as equal to it (PROJ
/// knows no better, and the difference is at the cm–dm level). 西安1980 and 北京1954 differ by tens of
/// metres and PROJ has only a ballpark for them, so they are accepted only with the user's parameters.
/// </summary>
public enum GeodeticDatum { Cgcs2000, Wgs84, Xian1980, Beijing1954 }

public static class GeodeticDatums
{
    /// <summary>True for 西安1980 and 北京1954: a transformation needs the user's parameters.</summary>
    public static bool IsLegacy(this GeodeticDatum datum) => datum is GeodeticDatum.Xian1980 or GeodeticDatum.Beijing1954;

    /// <summary>The code written in import records and messages.</summary>
    public static string Code(this GeodeticDatum datum) => datum switch
    {
        GeodeticDatum.Cgcs2000 => "cgcs2000",
        GeodeticDatum.Wgs84 => "wgs84",
        GeodeticDatum.Xian1980 => "xian1980",
        _ => "beijing1954",
    };

    public static string Label(this GeodeticDatum datum) => datum switch
    {
        GeodeticDatum.Cgcs2000 => "CGCS2000 (2000国家大地坐标系)",
        GeodeticDatum.Wgs84 => "WGS 84",
        GeodeticDatum.Xian1980 => "西安1980 (Xian 1980)",
        _ => "北京1954 (Beijing 1954)",
    };

    /// <summary>The EPSG code of the datum's geographic CRS.</summary>
    public static int GeographicSrid(this GeodeticDatum datum) => datum switch
    {
        GeodeticDatum.Cgcs2000 => Geometries.Cgcs2000,
        GeodeticDatum.Wgs84 => 4326,
        GeodeticDatum.Xian1980 => 4610,
        _ => 4214,
    };

    /// <summary>
    /// PROJ's name of the datum's ellipsoid: 西安1980 is on IAG 1975 (a = 6 378 140, 1/f = 298.257), which PROJ
    /// calls IAU76; 北京1954 on Krassowsky 1940 (a = 6 378 245, 1/f = 298.3).
    /// </summary>
    public static string ProjEllipsoid(this GeodeticDatum datum) => datum switch
    {
        GeodeticDatum.Cgcs2000 => "GRS80",
        GeodeticDatum.Wgs84 => "WGS84",
        GeodeticDatum.Xian1980 => "IAU76",
        _ => "krass",
    };
}
