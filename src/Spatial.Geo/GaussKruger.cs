using System.Collections.Concurrent;
using System.Globalization;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Spatial.Geo;

/// <summary>
/// A CGCS2000 3° Gauss–Krüger zone: transverse Mercator, k0 = 1, central meridian 3·zone.
/// Prefixed coordinates carry the zone in the easting (44 500 000 + …; EPSG 4488 + zone),
/// the CM variant does not (500 000 + …; EPSG 4509 + zone).
/// </summary>
public sealed record GaussKrugerZone(int Zone)
{
    public const int MinZone = 25;
    public const int MaxZone = 45;

    public double CentralMeridian => 3.0 * Zone;
    public int SridWithPrefix => 4488 + Zone;
    public int SridCentralMeridian => 4509 + Zone;

    public double FalseEasting(bool prefixed) => prefixed ? Zone * 1_000_000.0 + 500_000 : 500_000;

    /// <summary>The zone whose central meridian is nearest: round(lon / 3).</summary>
    public static GaussKrugerZone ForLongitude(double longitude) => new((int)Math.Round(longitude / 3.0, MidpointRounding.AwayFromZero));

    /// <summary>Zone and prefix flag for an EPSG code of the CGCS2000 3° series, or null.</summary>
    public static (GaussKrugerZone Zone, bool Prefixed)? FromSrid(int srid) => srid switch
    {
        >= 4488 + MinZone and <= 4488 + MaxZone => (new GaussKrugerZone(srid - 4488), true),
        >= 4509 + MinZone and <= 4509 + MaxZone => (new GaussKrugerZone(srid - 4509), false),
        _ => null,
    };

    public int Srid(bool prefixed) => prefixed ? SridWithPrefix : SridCentralMeridian;

    /// <summary>The EPSG name of the zone's CRS: "CGCS2000 / 3-degree Gauss-Kruger zone 44" (prefixed) or "… CM 132E".</summary>
    public string Name(bool prefixed) => string.Create(CultureInfo.InvariantCulture,
        $"CGCS2000 / 3-degree Gauss-Kruger {(prefixed ? $"zone {Zone}" : $"CM {CentralMeridian}E")}");

    internal string Wkt(bool prefixed) => string.Create(CultureInfo.InvariantCulture,
        $"PROJCS[\"{Name(prefixed)}\",{GaussKruger.Cgcs2000Wkt}," +
        $"PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",{CentralMeridian}]," +
        $"PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",{FalseEasting(prefixed)}],PARAMETER[\"false_northing\",0]," +
        $"UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AUTHORITY[\"EPSG\",\"{Srid(prefixed)}\"]]");
}

/// <summary>CGCS2000 lon/lat ↔ Gauss–Krüger plane coordinates (x = easting, y = northing), via ProjNet.</summary>
public static class GaussKruger
{
    internal const string Cgcs2000Wkt =
        "GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101," +
        "AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4490\"]]";

    private static readonly ConcurrentDictionary<(int, bool), (MathTransform Forward, MathTransform Inverse)> Transforms = new();

    public static (double Easting, double Northing) Project(double longitude, double latitude, GaussKrugerZone zone, bool prefixed = false) =>
        For(zone, prefixed).Forward.Transform(longitude, latitude);

    public static (double Longitude, double Latitude) Unproject(double easting, double northing, GaussKrugerZone zone, bool prefixed = false) =>
        For(zone, prefixed).Inverse.Transform(easting, northing);

    /// <summary>A lon/lat geometry in the zone's plane; the copy gets the zone's SRID.</summary>
    public static Geometry ToPlane(Geometry lonLat, GaussKrugerZone zone, bool prefixed = false) =>
        Apply(lonLat, For(zone, prefixed).Forward, zone.Srid(prefixed));

    /// <summary>A plane geometry back to CGCS2000 lon/lat (SRID 4490).</summary>
    public static Geometry ToLonLat(Geometry plane, GaussKrugerZone zone, bool prefixed = false) =>
        Apply(plane, For(zone, prefixed).Inverse, Geometries.Cgcs2000);

    private static Geometry Apply(Geometry geometry, MathTransform transform, int srid)
    {
        var copy = Geometries.ForSrid(srid).CreateGeometry(geometry);
        copy.Apply(new TransformFilter(transform));
        copy.GeometryChanged();
        return copy;
    }

    private static (MathTransform Forward, MathTransform Inverse) For(GaussKrugerZone zone, bool prefixed) =>
        Transforms.GetOrAdd((zone.Zone, prefixed), _ =>
        {
            var factory = new CoordinateSystemFactory();
            var geographic = factory.CreateFromWkt(Cgcs2000Wkt);
            var projected = factory.CreateFromWkt(zone.Wkt(prefixed));
            var transforms = new CoordinateTransformationFactory();
            return (transforms.CreateFromCoordinateSystems(geographic, projected).MathTransform,
                    transforms.CreateFromCoordinateSystems(projected, geographic).MathTransform);
        });

    private sealed class TransformFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
