using System.Globalization;
using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// One row of a parcel's 界址点 table: the point as the file writes it (X northing, Y easting with the zone prefix
/// when the file has one) and the length of the edge to the next point of its ring; null after a ring's last point.
/// </summary>
public sealed record BoundaryPoint(string Name, int Ring, double Northing, double Easting, double? EdgeToNextM);

/// <summary>The 界址点 table of a parcel: from the TXT as written, or numbered J1, J2… along an outline from elsewhere.</summary>
public static class BoundaryPoints
{
    /// <summary>Every point line of the parcel in file order, closing repeats included, so the table matches the file line for line.</summary>
    public static IReadOnlyList<BoundaryPoint> Of(LandParcel parcel) =>
        parcel.Rings.SelectMany(ring => ring.Points.Select((p, i) => new BoundaryPoint(p.Name, ring.Number, p.Northing, p.Easting,
            i + 1 < ring.Points.Count ? Edge(p.Easting, p.Northing, ring.Points[i + 1].Easting, ring.Points[i + 1].Northing) : null))).ToList();

    /// <summary>
    /// The vertices of a plane outline (x easting, y northing), ring by ring (shell, holes, next polygon), numbered J1… across
    /// rings as the land offices' writers do; each ring ends with its first point again, named as it, like the TXT.
    /// </summary>
    public static IReadOnlyList<BoundaryPoint> Of(Geometry plane)
    {
        var rows = new List<BoundaryPoint>();
        var next = 1;
        var ringNumber = 0;
        for (var g = 0; g < plane.NumGeometries; g++)
        {
            if (plane.GetGeometryN(g) is not Polygon polygon) continue;
            foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
            {
                ringNumber++;
                var c = ring.Coordinates;
                var first = next;
                for (var i = 0; i < c.Length; i++)
                {
                    var closing = i == c.Length - 1 && c.Length > 1 && c[i].Equals2D(c[0]);
                    var name = "J" + (closing ? first : next++).ToString(CultureInfo.InvariantCulture);
                    rows.Add(new BoundaryPoint(name, ringNumber, c[i].Y, c[i].X, i + 1 < c.Length ? Edge(c[i].X, c[i].Y, c[i + 1].X, c[i + 1].Y) : null));
                }
            }
        }
        return rows;
    }

    private static double Edge(double e1, double n1, double e2, double n2) => Math.Sqrt((e2 - e1) * (e2 - e1) + (n2 - n1) * (n2 - n1));
}
