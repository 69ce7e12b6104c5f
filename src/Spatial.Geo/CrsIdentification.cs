using System.Globalization;

namespace Spatial.Geo;

/// <summary>
/// Which <see cref="SourceCrs"/> a file declares: from an EPSG authority when the WKT has one, else from the
/// ellipsoid (its numbers, not its name), the datum's name and the Gauss–Krüger parameters — ArcGIS and
/// domestic GIS write <c>GCS_Xian_1980</c>, <c>Xian_1980_3_Degree_GK_CM_132E</c>, <c>Krasovsky_1940</c>,
/// <c>IAG_1975</c> and no code. Anything unsure is refused with the reason, never guessed.
/// </summary>
public static class CrsIdentification
{
    private const int MaxWktLength = 64 * 1024;

    public static SourceCrs? FromWkt(string wkt, out string? reason)
    {
        reason = null;
        var root = wkt.Length <= MaxWktLength ? WktNode.Parse(wkt.Trim().TrimStart('\uFEFF')) : null;
        if (root is null) return Refuse("it is not a WKT coordinate system", out reason);
        if (root.Keyword.Equals("BOUNDCRS", StringComparison.OrdinalIgnoreCase))
            root = root.Child("SOURCECRS")?.Children.FirstOrDefault() ?? root;
        if (root.Keyword is "COMPD_CS" or "COMPOUNDCRS") root = root.Children.FirstOrDefault() ?? root;
        var name = root.Name ?? root.Keyword;
        if (Authority(root) is { } code)
            return SourceCrs.FromEpsg(code) is { } known ? Accept(known, out reason)
                : Refuse($"'{name}' (EPSG:{code.ToString(CultureInfo.InvariantCulture)}) is not a CRS imports take", out reason);
        var projected = root.Keyword.ToUpperInvariant() is "PROJCS" or "PROJCRS" or "PROJECTEDCRS";
        var geographic = root.Keyword.ToUpperInvariant() is "GEOGCS" or "GEOGCRS" or "GEOGRAPHICCRS" or "GEODCRS" or "GEODETICCRS";
        if (!projected && !geographic) return Refuse($"'{name}' is neither a geographic nor a projected CRS", out reason);
        var geog = projected ? root.Child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS") : root;
        var datum = geog is null ? null : Datum(geog, out reason);
        if (datum is null) return Refuse(reason ?? $"'{name}' names no datum", out reason);
        if (!projected) return Accept(new SourceCrs(datum.Value, null), out reason);
        var plane = Plane(root, name, out reason);
        if (plane is null) return null;
        if (plane.Srid(datum.Value) is null) return Refuse($"'{name}': {datum.Value.Label()} has no Gauss–Krüger series here", out reason);
        return Accept(new SourceCrs(datum.Value, plane), out reason);
    }

    /// <summary>
    /// The CRS of a land-parcel TXT header: <c>坐标系=</c> (2000国家大地坐标系, 80国家大地坐标系 / 1980西安坐标系,
    /// 54北京坐标系), <c>几度分带=</c> (3 unless 6) and the zone, from the eastings' prefix or <c>带号=</c>.
    /// </summary>
    public static SourceCrs? FromTxtHeader(IReadOnlyDictionary<string, string> header, int zone, bool prefixed, out string? reason)
    {
        var system = header.GetValueOrDefault("坐标系", "").Trim();
        if (GeodeticDatums.FromTxtSystem(system, out var why) is not { } datum) return Refuse("坐标系=" + why, out reason);
        var widthText = header.GetValueOrDefault("几度分带", "").Trim();
        var width = widthText.Length == 0 ? 3 : widthText == "3" || widthText == "6" ? int.Parse(widthText, CultureInfo.InvariantCulture) : 0;
        if (width == 0) return Refuse($"几度分带='{widthText}' is neither 3 nor 6", out reason);
        var plane = GaussKrugerPlane.Of(width, zone, prefixed);
        if (plane is null) return Refuse(string.Create(CultureInfo.InvariantCulture, $"带号 {zone} is not a {width}° zone of China"), out reason);
        return Accept(new SourceCrs(datum, plane), out reason);
    }

    private static int? Authority(WktNode node) =>
        node.ChildrenNamed("AUTHORITY", "ID").FirstOrDefault(a => string.Equals(a.Name, "EPSG", StringComparison.OrdinalIgnoreCase)) is { } id
        && id.Items.Count > 1 && id.Items[1] is string s && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    /// <summary>The datum from its ellipsoid's numbers and its name; when both speak they must agree.</summary>
    private static GeodeticDatum? Datum(WktNode geog, out string? reason)
    {
        reason = null;
        var datum = geog.Child("DATUM", "GEODETICDATUM", "TRF");
        var ellipsoid = datum?.Child("SPHEROID", "ELLIPSOID");
        var datumName = datum?.Name ?? geog.Name ?? "";
        if (Normalized(datumName).Contains("newbeijing", StringComparison.Ordinal) || datumName.Contains("新北京", StringComparison.Ordinal))
        {
            reason = $"datum '{datumName}' is 新北京54 (New Beijing), which imports do not take; convert to CGCS2000 or 西安1980 first";
            return null;
        }
        var byName = DatumByName(datumName);
        GeodeticDatum? byEllipsoid = (ellipsoid?.Number(1), ellipsoid?.Number(2)) switch
        {
            ({ } a, { } rf) when Near(a, 6_378_140, 0.5) && Near(rf, 298.257, 1e-6) => GeodeticDatum.Xian1980,
            ({ } a, { } rf) when Near(a, 6_378_245, 0.5) && Near(rf, 298.3, 1e-6) => GeodeticDatum.Beijing1954,
            ({ } a, { } rf) when Near(a, 6_378_137, 0.5) && Near(rf, 298.257222101, 1e-8) => GeodeticDatum.Cgcs2000,
            ({ } a, { } rf) when Near(a, 6_378_137, 0.5) && Near(rf, 298.257223563, 1e-8) => GeodeticDatum.Wgs84,
            _ => null,
        };
        var ellipsoidText = ellipsoid is null ? "no ellipsoid"
            : string.Create(CultureInfo.InvariantCulture, $"ellipsoid '{ellipsoid.Name}' (a = {ellipsoid.Number(1)}, 1/f = {ellipsoid.Number(2)})");
        if (byEllipsoid is null)
        {
            reason = $"datum '{datum?.Name}' with {ellipsoidText} is none of CGCS2000, WGS 84, 西安1980 (IAG 1975), 北京1954 (Krassowsky 1940)";
            return null;
        }
        // GRS80 carries CGCS2000 but also other datums (NAD83, ETRS89); only a CGCS2000 name settles it.
        if (byName is null && byEllipsoid == GeodeticDatum.Cgcs2000)
        {
            reason = $"datum '{datum?.Name}' on GRS80 is not named CGCS2000 (China_2000)";
            return null;
        }
        if (byName is not null && byName != byEllipsoid)
        {
            reason = $"datum '{datum?.Name}' says {byName.Value.Label()} but its {ellipsoidText} is {byEllipsoid.Value.Label()}'s";
            return null;
        }
        return byEllipsoid;
    }

    private static GeodeticDatum? DatumByName(string name)
    {
        var n = Normalized(name);
        if (n.Contains("xian", StringComparison.Ordinal) || n.Contains("西安", StringComparison.Ordinal)) return GeodeticDatum.Xian1980;
        if (n.Contains("beijing", StringComparison.Ordinal) || n.Contains("北京", StringComparison.Ordinal)) return GeodeticDatum.Beijing1954;
        if (n.Contains("china2000", StringComparison.Ordinal) || n.Contains("cgcs2000", StringComparison.Ordinal)
            || n.Contains("chinageodeticcoordinatesystem2000", StringComparison.Ordinal)) return GeodeticDatum.Cgcs2000;
        if (n.Contains("wgs1984", StringComparison.Ordinal) || n.Contains("wgs84", StringComparison.Ordinal)
            || n.Contains("worldgeodeticsystem1984", StringComparison.Ordinal)) return GeodeticDatum.Wgs84;
        return null;
    }

    /// <summary>A Gauss–Krüger plane of the series: transverse Mercator, k0 = 1, origin on the equator, metres.</summary>
    private static GaussKrugerPlane? Plane(WktNode root, string name, out string? reason)
    {
        reason = null;
        var conversion = root.Child("CONVERSION") ?? root;
        var method = (root.Child("PROJECTION") ?? conversion.Child("METHOD", "PROJECTION"))?.Name ?? "";
        var m = Normalized(method);
        if (m is not ("transversemercator" or "gausskruger" or "gausskrueger" or "gaussian"))
            return Refuse<GaussKrugerPlane>($"'{name}' uses projection '{method}', not Gauss–Krüger (transverse Mercator)", out reason);
        var parameters = conversion.ChildrenNamed("PARAMETER").Where(p => p.Name is not null)
            .GroupBy(p => Normalized(p.Name!)).ToDictionary(g => g.Key, g => g.First().Number(1));
        double? Get(params string[] keys) => keys.Select(k => parameters.GetValueOrDefault(k)).FirstOrDefault(v => v is not null);
        var cm = Get("centralmeridian", "longitudeofnaturalorigin", "longitudeoforigin");
        var fe = Get("falseeasting");
        var fn = Get("falsenorthing") ?? 0;
        var k = Get("scalefactor", "scalefactoratnaturalorigin") ?? 1;
        var lat0 = Get("latitudeoforigin", "latitudeofnaturalorigin") ?? 0;
        var unit = (root.Child("UNIT", "LENGTHUNIT") ?? root.Child("CS")?.Child("UNIT", "LENGTHUNIT"))?.Number(1) ?? 1;
        if (cm is null || fe is null) return Refuse<GaussKrugerPlane>($"'{name}' lacks a central meridian or false easting", out reason);
        if (!Near(k, 1, 1e-9) || !Near(lat0, 0, 1e-9) || !Near(fn, 0, 1e-6) || !Near(unit, 1, 1e-9))
            return Refuse<GaussKrugerPlane>(string.Create(CultureInfo.InvariantCulture,
                $"'{name}' is not a Chinese Gauss–Krüger plane (scale factor {k}, latitude of origin {lat0}, false northing {fn}, unit {unit} m; needed 1, 0, 0, 1)"), out reason);
        var prefixZone = (fe.Value - 500_000) / 1_000_000;
        var prefixed = !Near(fe.Value, 500_000, 1e-6);
        if (prefixed && !Near(prefixZone, Math.Round(prefixZone), 1e-9))
            return Refuse<GaussKrugerPlane>(string.Create(CultureInfo.InvariantCulture, $"'{name}': false easting {fe} is neither 500000 nor zone × 1000000 + 500000"), out reason);
        var plane = prefixed ? Prefixed((int)Math.Round(prefixZone), cm.Value) : ByCentralMeridian(cm.Value, name);
        return plane ?? Refuse<GaussKrugerPlane>(string.Create(CultureInfo.InvariantCulture,
            $"'{name}': central meridian {cm} with false easting {fe} is not a 3° (zones 25–45) or 6° (zones 13–23) Gauss–Krüger zone"), out reason);
    }

    private static GaussKrugerPlane? Prefixed(int zone, double cm) =>
        GaussKrugerPlane.Of(3, zone, true) is { } three && Near(three.CentralMeridian, cm, 1e-9) ? three
        : GaussKrugerPlane.Of(6, zone, true) is { } six && Near(six.CentralMeridian, cm, 1e-9) ? six
        : null;

    /// <summary>
    /// Without a prefix the zone width shows only in the name: ArcGIS writes <c>…_3_Degree_GK_CM_129E</c> for 3°
    /// and <c>…_GK_CM_129E</c> for 6°. Both project alike; only the EPSG code differs. Parcels use 3°.
    /// </summary>
    private static GaussKrugerPlane? ByCentralMeridian(double cm, string name)
    {
        var three = Near(cm / 3, Math.Round(cm / 3), 1e-9) ? GaussKrugerPlane.Of(3, (int)Math.Round(cm / 3), false) : null;
        var six = Near((cm + 3) / 6, Math.Round((cm + 3) / 6), 1e-9) ? GaussKrugerPlane.Of(6, (int)Math.Round((cm + 3) / 6), false) : null;
        var n = Normalized(name);
        var saysThree = n.Contains("3degree", StringComparison.Ordinal) || n.Contains("3度", StringComparison.Ordinal);
        var saysSix = !saysThree && (n.Contains("gk", StringComparison.Ordinal) || n.Contains("gausskruger", StringComparison.Ordinal))
            || n.Contains("6degree", StringComparison.Ordinal) || n.Contains("6度", StringComparison.Ordinal);
        return saysSix && six is not null ? six : three ?? six;
    }

    private static string Normalized(string text) =>
        new(text.ToLowerInvariant().Where(c => !(c is ' ' or '_' or '-' or '\'' or '/' or '.' or '(' or ')')).ToArray());

    private static bool Near(double a, double b, double tolerance) => Math.Abs(a - b) <= tolerance;

    private static SourceCrs Accept(SourceCrs crs, out string? reason)
    {
        reason = null;
        return crs;
    }

    private static T? Refuse<T>(string why, out string? reason) where T : class
    {
        reason = why;
        return null;
    }

    private static SourceCrs? Refuse(string why, out string? reason) => Refuse<SourceCrs>(why, out reason);
}
