using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>A feature near a footprint, clipped to a box around it, in the footprint's plane.</summary>
public sealed record Neighbour(OverlayKind Layer, string Id, string NameZh, string NameEn, Geometry Plane);

/// <summary>
/// What the printed report draws of a parcel, all in the parcel's Gauss–Krüger plane (x easting, y northing): the outline,
/// its 界址点, the overlaps, the neighbours; and what the TXT says of it beyond the JSON report (地类编码, 图幅号).
/// </summary>
public sealed record ParcelDrawing(
    GaussKrugerZone Zone, bool Prefixed, Geometry Outline, IReadOnlyList<BoundaryPoint> Points, IReadOnlyList<Geometry> Overlaps,
    IReadOnlyList<Neighbour> Neighbours, string? LandClass, string? MapSheet)
{
    /// <summary>The EPSG name of the plane, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 44".</summary>
    public string CrsName => Zone.Name(Prefixed);

    public int Epsg => Zone.Srid(Prefixed);

    /// <summary>The overlay's rows of one parcel (their lon/lat WKB) brought into its plane: neighbours, and the overlaps above the tolerance.</summary>
    public static ParcelDrawing Of(Footprint footprint, IEnumerable<OverlayRow> rows, double toleranceM2)
    {
        Geometry Plane(Geometry lonLat) => GaussKruger.ToPlane(lonLat, footprint.Zone, footprint.Prefixed);
        var overlaps = new List<Geometry>();
        var neighbours = new List<Neighbour>();
        var wkb = new WKBReader(Geometries.LonLat.GeometryServices);
        foreach (var row in rows)
        {
            if (row.Kind == OverlayKind.Neighbour && row.Wkb is not null && row.Id is not null)
                neighbours.Add(new Neighbour(OverlayKinds.Parse(row.Info[0]), row.Id, row.NameZh ?? row.Id, row.NameEn ?? row.Id, Plane(wkb.Read(row.Wkb))));
            else if (row.Kind is not (OverlayKind.Measure or OverlayKind.Neighbour) && row.Wkb is not null && row.Area > toleranceM2)
                overlaps.Add(Plane(wkb.Read(row.Wkb)));
        }
        return new ParcelDrawing(footprint.Zone, footprint.Prefixed, footprint.Plane, footprint.BoundaryPoints, overlaps, neighbours,
            footprint.LandClass, footprint.MapSheet);
    }
}
