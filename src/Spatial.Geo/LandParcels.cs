using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>One boundary point of a land-parcel TXT: X is northing, Y easting (with the zone prefix when present).</summary>
public sealed record ParcelPoint(string Name, int Ring, double Northing, double Easting, int Line);

public sealed record ParcelRing(int Number, IReadOnlyList<ParcelPoint> Points);

/// <summary>One parcel (an '@' line and its points) as written in the file.</summary>
public sealed record LandParcel(
    int Index, int Line, int? DeclaredPointCount, double? DeclaredAreaHectares, string? Number, string? Name, string? Shape,
    string? MapSheet, string? Use, string? LandClass, IReadOnlyList<ParcelRing> Rings)
{
    /// <summary>A label for messages: 地块名称, else 地块编号, else "地块 N".</summary>
    public string Label => !string.IsNullOrWhiteSpace(Name) ? Name! : !string.IsNullOrWhiteSpace(Number) ? Number! : $"地块 {Index}";

    public int PointCount => Rings.Sum(r => r.Points.Count);
}

/// <summary>
/// A parsed 界址点坐标 TXT file: header, datum (<c>坐标系=</c>), 3° zone and parcels, plus what was noticed on the way.
/// </summary>
public sealed record LandParcelFile(
    string Encoding, IReadOnlyDictionary<string, string> Header, GeodeticDatum Datum, GaussKrugerZone Zone, bool Prefixed,
    IReadOnlyList<LandParcel> Parcels, IReadOnlyList<string> Notes)
{
    /// <summary>The Gauss–Krüger plane of the coordinates, on <see cref="Datum"/>.</summary>
    public SourceCrs Crs => new(Datum, new GaussKrugerPlane(3, Zone.Zone, Prefixed));

    /// <summary>
    /// The EPSG code of the file's coordinates: CGCS2000 4531–4533 prefixed, 4552–4554 without; 西安1980 2349–2369 /
    /// 2370–2390, 北京1954 2401–2421 / 2422–2442.
    /// </summary>
    public int Srid => Crs.Srid;
}

/// <summary>A TXT file that cannot be read; <see cref="Line"/> and <see cref="Field"/> say where.</summary>
public sealed class LandParcelFormatException(int? line, string? field, string reason)
    : FormatException((line is null ? "" : $"line {line}") + (field is null ? "" : $"{(line is null ? "" : ", ")}{field}") + (line is null && field is null ? "" : ": ") + reason)
{
    public int? Line { get; } = line;
    public string? Field { get; } = field;
    public string Reason { get; } = reason;
}

/// <summary>A parcel's outline in its Gauss–Krüger plane, as the file draws it (x = easting, y = northing).</summary>
public sealed record ParcelOutline(Geometry Plane, IReadOnlyList<string> Notes);
