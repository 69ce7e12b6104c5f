namespace Spatial.Geo;

/// <summary>
/// The datums coordinates arrive in. CGCS2000 is the storage datum; WGS 84 is taken as equal to it (PROJ
/// knows no better, and the difference is at the cm–dm level). 西安1980 and 北京1954 differ by tens of
/// metres and PROJ has only a ballpark for them, so they are accepted only with the user's parameters.
/// </summary>
public enum GeodeticDatum { Cgcs2000, Wgs84, Xian1980, Beijing1954 }

public static class GeodeticDatums
{
    /// <summary>
    /// The datum a land-parcel TXT's <c>坐标系=</c> names: 2000国家大地坐标系 / CGCS2000, 80国家大地坐标系 / 1980西安坐标系,
    /// 54北京坐标系 / 1954北京坐标系 (and Xian / Beijing in Latin letters). 新北京54 is another datum; a value that names
    /// none of them, or more than one, is refused with the reason.
    /// </summary>
    public static GeodeticDatum? FromTxtSystem(string system, out string? reason)
    {
        var text = system.Trim();
        reason = null;
        if (text.Contains("新北京", StringComparison.Ordinal) || text.Contains("new beijing", StringComparison.OrdinalIgnoreCase))
        {
            reason = $"'{text}' is 新北京54 (New Beijing 1954), which is not taken; convert the file to CGCS2000 or 西安1980 first";
            return null;
        }
        bool Says(params string[] words) => words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
        var named = new List<GeodeticDatum>();
        if (Says("2000", "CGCS")) named.Add(GeodeticDatum.Cgcs2000);
        if (Says("西安", "xian", "80")) named.Add(GeodeticDatum.Xian1980);
        if (Says("北京", "beijing", "54")) named.Add(GeodeticDatum.Beijing1954);
        if (named.Count == 1) return named[0];
        reason = named.Count == 0
            ? $"'{text}' is none of 2000国家大地坐标系 (CGCS2000), 80国家大地坐标系 / 1980西安坐标系, 54北京坐标系"
            : $"'{text}' names more than one of {string.Join(", ", named.Select(Label))}; state one";
        return null;
    }

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
