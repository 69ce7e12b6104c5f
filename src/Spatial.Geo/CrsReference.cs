using System.Globalization;
using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// A coordinate reference system a client may ask for, by OGC URI. <see cref="AxesSwapped"/> is true
/// when the CRS's official axis order is not (x = lon/easting, y = lat/northing): EPSG:4326 and 4490
/// are lat, lon; the CGCS2000 Gauss–Krüger codes are northing ("X"), easting ("Y"). CRS84 and 3857
/// are lon/easting first. PostGIS and NTS always store x = lon/easting.
/// </summary>
public sealed record CrsReference(string Uri, int Srid, bool AxesSwapped, bool Geographic)
{
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private const string EpsgPrefix = "http://www.opengis.net/def/crs/EPSG/0/";

    public static CrsReference Crs84 { get; } = new(Crs84Uri, 4326, AxesSwapped: false, Geographic: true);

    /// <summary>Every CRS the service reads and writes: CRS84 first (the default), then by EPSG code.</summary>
    public static IReadOnlyList<CrsReference> Supported { get; } =
    [
        Crs84,
        Epsg(4326, swapped: true, geographic: true),
        Epsg(4490, swapped: true, geographic: true),
        Epsg(3857, swapped: false, geographic: false),
        Epsg(4531, swapped: true, geographic: false),
        Epsg(4532, swapped: true, geographic: false),
        Epsg(4533, swapped: true, geographic: false),
        Epsg(4552, swapped: true, geographic: false),
        Epsg(4553, swapped: true, geographic: false),
        Epsg(4554, swapped: true, geographic: false),
    ];

    /// <summary>The storage CRS: CGCS2000 (stored lon, lat).</summary>
    public static CrsReference Storage { get; } = Supported.Single(c => c.Srid == Geometries.Cgcs2000);

    /// <summary>
    /// Where coordinates of this CRS mean something (x = longitude/easting, y = latitude/northing). A
    /// Gauss–Krüger easting more than 400 km from the central meridian, or a northing beyond 9 000 km
    /// (≈80°N), is a mistake, and beyond such bounds PROJ refuses to transform at all.
    /// </summary>
    public Envelope ValidArea => Srid switch
    {
        _ when Geographic => new Envelope(-180, 180, -90, 90),
        3857 => new Envelope(-20_037_508.3428, 20_037_508.3428, -20_048_966.1, 20_048_966.1),
        _ => GaussKrugerZone.FromSrid(Srid) is { } gk
            ? new Envelope(gk.Zone.FalseEasting(gk.Prefixed) - 400_000, gk.Zone.FalseEasting(gk.Prefixed) + 400_000, 0, 9_000_000)
            : throw new InvalidOperationException($"no valid area for EPSG:{Srid}"),
    };

    /// <summary>
    /// Why some coordinate of <paramref name="geometry"/> (x = lon/easting) cannot be in this CRS; null when all can.
    /// Every vertex counts: a polygon's own envelope is its shell's, and a hole out of place would slip past it.
    /// </summary>
    public string? OutsideValidArea(Geometry geometry) => OutsideValidArea(Extent.OfEveryCoordinate(geometry));

    /// <summary>Why coordinates spanning <paramref name="xy"/> (x = lon/easting) cannot be in this CRS; null when they can.</summary>
    public string? OutsideValidArea(Envelope xy)
    {
        var area = ValidArea;
        if (area.Contains(xy)) return null;
        string Range(double min, double max) => string.Create(CultureInfo.InvariantCulture, $"{min:0.###}…{max:0.###}");
        var (xName, yName) = Geographic ? ("longitude", "latitude") : Srid == 3857 ? ("x", "y") : ("easting (Y)", "northing (X)");
        return xy.MinX < area.MinX || xy.MaxX > area.MaxX
            ? $"{xName} {Range(xy.MinX, xy.MaxX)} is outside {Range(area.MinX, area.MaxX)}, where {Uri} is defined (axis order: {Order})"
            : $"{yName} {Range(xy.MinY, xy.MaxY)} is outside {Range(area.MinY, area.MaxY)}, where {Uri} is defined (axis order: {Order})";
    }

    private string Order => Geographic
        ? AxesSwapped ? "latitude, longitude" : "longitude, latitude"
        : AxesSwapped ? "northing, easting" : "easting, northing";

    /// <summary>Decimal places that keep about a centimetre: 7 for degrees, 3 for metres.</summary>
    public int Decimals => Geographic ? 7 : 3;

    /// <summary>
    /// Parses an OGC CRS URI (also the safe CURIE <c>[EPSG:4490]</c>); null when unsupported.
    /// </summary>
    public static CrsReference? Parse(string value)
    {
        var text = value.Trim();
        if (text.StartsWith('[') && text.EndsWith(']')) text = text[1..^1];
        if (text.Equals("OGC:CRS84", StringComparison.OrdinalIgnoreCase) || text == Crs84Uri
            || text == "http://www.opengis.net/def/crs/OGC/0/CRS84")
            return Crs84;
        string? code = null;
        if (text.StartsWith(EpsgPrefix, StringComparison.Ordinal)) code = text[EpsgPrefix.Length..];
        else if (text.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase)) code = text[5..];
        return code is not null && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var srid)
            ? Supported.Skip(1).FirstOrDefault(c => c.Srid == srid)
            : null;
    }

    private static CrsReference Epsg(int srid, bool swapped, bool geographic) =>
        new(EpsgPrefix + srid.ToString(CultureInfo.InvariantCulture), srid, swapped, geographic);
}
