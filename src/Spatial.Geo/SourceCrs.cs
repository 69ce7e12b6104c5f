using System.Globalization;

namespace Spatial.Geo;

/// <summary>
/// A Gauss–Krüger plane of the Chinese series: transverse Mercator, k0 = 1, central meridian 3·zone (3° zones
/// 25–45) or 6·zone − 3 (6° zones 13–23). Prefixed eastings carry the zone (44 500 000 + …), the others do not.
/// </summary>
public sealed record GaussKrugerPlane(int ZoneWidth, int Zone, bool Prefixed)
{
    public double CentralMeridian => ZoneWidth == 3 ? 3 * Zone : 6 * Zone - 3;

    /// <summary>What the zone prefix adds to an easting: zone × 1 000 000, or 0.</summary>
    public double ZonePrefix => Prefixed ? Zone * 1_000_000.0 : 0;

    public double FalseEasting => ZonePrefix + 500_000;

    /// <summary>A plane of the series, or null when the zone is outside it (3°: 25–45, 6°: 13–23).</summary>
    public static GaussKrugerPlane? Of(int zoneWidth, int zone, bool prefixed) => (zoneWidth, zone) switch
    {
        (3, >= 25 and <= 45) or (6, >= 13 and <= 23) => new GaussKrugerPlane(zoneWidth, zone, prefixed),
        _ => null,
    };

    /// <summary>The EPSG code of this plane on <paramref name="datum"/>; WGS 84 has no Gauss–Krüger series.</summary>
    public int? Srid(GeodeticDatum datum) => (datum, ZoneWidth, Prefixed) switch
    {
        (GeodeticDatum.Cgcs2000, 3, true) => 4488 + Zone,
        (GeodeticDatum.Cgcs2000, 3, false) => 4509 + Zone,
        (GeodeticDatum.Cgcs2000, 6, true) => 4478 + Zone,
        (GeodeticDatum.Cgcs2000, 6, false) => 4489 + Zone,
        (GeodeticDatum.Xian1980, 3, true) => 2324 + Zone,
        (GeodeticDatum.Xian1980, 3, false) => 2345 + Zone,
        (GeodeticDatum.Xian1980, 6, true) => 2314 + Zone,
        (GeodeticDatum.Xian1980, 6, false) => 2325 + Zone,
        (GeodeticDatum.Beijing1954, 3, true) => 2376 + Zone,
        (GeodeticDatum.Beijing1954, 3, false) => 2397 + Zone,
        (GeodeticDatum.Beijing1954, 6, true) => 21400 + Zone,
        (GeodeticDatum.Beijing1954, 6, false) => 21440 + Zone,
        _ => null,
    };

    public string Label => string.Create(CultureInfo.InvariantCulture,
        $"{(ZoneWidth == 3 ? "3° " : "6° ")}Gauss–Krüger {(Prefixed ? $"zone {Zone}" : $"CM {CentralMeridian}E")}");

    /// <summary>The PROJ projection of this plane (without datum): east, north in metres.</summary>
    public string ProjProjection => string.Create(CultureInfo.InvariantCulture,
        $"+proj=tmerc +lat_0=0 +lon_0={CentralMeridian} +k=1 +x_0={FalseEasting} +y_0=0");
}

/// <summary>
/// A coordinate reference system an import's coordinates may be in: a datum, and a Gauss–Krüger plane on it or
/// none (geographic, lon/lat). Every one has an EPSG code.
/// </summary>
public sealed record SourceCrs(GeodeticDatum Datum, GaussKrugerPlane? Plane)
{
    public int Srid => Plane is null ? Datum.GeographicSrid() : Plane.Srid(Datum)!.Value;

    public string Epsg => "EPSG:" + Srid.ToString(CultureInfo.InvariantCulture);

    public string Label => Plane is null ? $"{Epsg} ({Datum.Label()}, longitude/latitude)" : $"{Epsg} ({Datum.Label()}, {Plane.Label})";

    /// <summary>
    /// The CRS of an EPSG code: CGCS2000 4490 and its Gauss–Krüger zones 4491–4554, WGS 84 4326, 西安1980 4610
    /// and 2327–2390, 北京1954 4214, 2401–2442 and 21413–21463; null for any other.
    /// </summary>
    public static SourceCrs? FromEpsg(int code)
    {
        foreach (var datum in Enum.GetValues<GeodeticDatum>())
        {
            if (datum.GeographicSrid() == code) return new SourceCrs(datum, null);
            foreach (var (width, first, last) in new[] { (3, 25, 45), (6, 13, 23) })
                for (var zone = first; zone <= last; zone++)
                    foreach (var prefixed in new[] { true, false })
                        if (new GaussKrugerPlane(width, zone, prefixed).Srid(datum) == code)
                            return new SourceCrs(datum, new GaussKrugerPlane(width, zone, prefixed));
        }
        return null;
    }

    /// <summary>
    /// The PROJ definition of this CRS with the given <c>+towgs84</c> (position vector, to CGCS2000), or none.
    /// </summary>
    public string ProjString(string? toWgs84 = null)
    {
        var projection = Plane is null ? "+proj=longlat" : Plane.ProjProjection;
        var shift = toWgs84 is null ? "" : " +towgs84=" + toWgs84;
        return $"{projection} +ellps={Datum.ProjEllipsoid()}{shift}{(Plane is null ? "" : " +units=m")} +no_defs +type=crs";
    }

    /// <summary>
    /// The PROJ pipeline from this CRS (x = lon/easting) through the seven parameters to EPSG:4490 in its own
    /// axis order, latitude first: what ogr2ogr's <c>-ct</c> takes. <c>-t_srs EPSG:4490</c> alone would not do:
    /// PROJ then goes by its ballpark between the two datums and drops the <c>+towgs84</c>.
    /// </summary>
    public string PipelineToCgcs2000(BursaWolf helmert)
    {
        var p = helmert.AsPositionVector();
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var ellipsoid = Datum.ProjEllipsoid();
        var toRadians = Plane is null
            ? "+step +proj=unitconvert +xy_in=deg +xy_out=rad"
            : $"+step +inv {Plane.ProjProjection} +ellps={ellipsoid}";
        return $"+proj=pipeline {toRadians} +step +proj=cart +ellps={ellipsoid} "
            + $"+step +proj=helmert +x={N(p.Dx)} +y={N(p.Dy)} +z={N(p.Dz)} +rx={N(p.Rx)} +ry={N(p.Ry)} +rz={N(p.Rz)} +s={N(p.ScalePpm)} +convention=position_vector "
            + "+step +inv +proj=cart +ellps=GRS80 +step +proj=unitconvert +xy_in=rad +xy_out=deg +step +proj=axisswap +order=2,1";
    }
}
