using System.Globalization;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// Turns a parcel's rings into its outline in the file's plane: ring 1 is the shell; a ring numbered
/// above 1 is a hole when it lies inside ring 1, otherwise another part (a MultiPolygon). Nothing is
/// repaired: an unclosed ring or one with fewer than 3 distinct points is refused, naming it.
/// </summary>
public static class ParcelOutlines
{
    public static ParcelOutline Build(LandParcel parcel, LandParcelFile file)
    {
        var factory = Geometries.ForSrid(file.Srid);
        var notes = new List<string>();
        var ordered = parcel.Rings.OrderBy(r => r.Number).ToList();
        var rings = ordered.Select(r => Ring(parcel, r, factory, notes)).ToList();
        var shell = factory.CreatePolygon(rings[0]);
        var holes = new List<int>();
        var parts = new List<int>();
        for (var i = 1; i < rings.Count; i++)
            (Inside(rings[i], shell) ? holes : parts).Add(i);
        var main = factory.CreatePolygon(rings[0], holes.Select(i => rings[i]).ToArray());
        Geometry outline = parts.Count == 0 ? main : factory.CreateMultiPolygon([main, .. parts.Select(i => factory.CreatePolygon(rings[i]))]);
        if (holes.Count > 0)
            notes.Add($"parcel {parcel.Label}: ring(s) {string.Join(", ", holes.Select(i => ordered[i].Number))} lie inside ring 1 and are holes");
        if (parts.Count > 0)
            notes.Add($"parcel {parcel.Label}: ring(s) {string.Join(", ", parts.Select(i => ordered[i].Number))} lie outside ring 1 and are further parts");
        return new ParcelOutline(outline, notes);
    }

    /// <summary>
    /// Whether <paramref name="ring"/> lies inside <paramref name="shell"/>. A ring that crosses or touches
    /// itself makes NTS's relate throw (side location conflict); such a ring is then judged by its
    /// vertices, so the outline is still built and the validity check reports the fault.
    /// </summary>
    private static bool Inside(LinearRing ring, Polygon shell)
    {
        try
        {
            return shell.Contains(shell.Factory.CreatePolygon(ring));
        }
        catch (TopologyException)
        {
            return ring.Coordinates.All(c => PointLocation.IsInRing(c, shell.Shell.Coordinates));
        }
    }

    private static LinearRing Ring(LandParcel parcel, ParcelRing ring, GeometryFactory factory, List<string> notes)
    {
        var points = ring.Points;
        var first = points[0];
        var last = points[^1];
        if (points.Count < 2 || first.Northing != last.Northing || first.Easting != last.Easting)
            throw new LandParcelFormatException(last.Line, "地块圈号",
                $"parcel {parcel.Label} ring {ring.Number} is not closed: its last point {last.Name} does not repeat its first point {first.Name} (line {first.Line})");
        var distinct = points.Select(p => (p.Easting, p.Northing)).Distinct().Count();
        if (distinct < 3)
            throw new LandParcelFormatException(first.Line, "地块圈号", $"parcel {parcel.Label} ring {ring.Number} has {distinct} distinct point(s); a ring needs at least 3");
        for (var i = 1; i < points.Count - 1; i++)
            if (points[i].Northing == points[i - 1].Northing && points[i].Easting == points[i - 1].Easting)
                notes.Add($"parcel {parcel.Label} ring {ring.Number}: point {points[i].Name} (line {points[i].Line}) repeats the point before it");
        return factory.CreateLinearRing(points.Select(p => new Coordinate(p.Easting, p.Northing)).ToArray());
    }
}

/// <summary>One problem with a footprint's geometry, where it is.</summary>
public sealed record ValidityIssue(string Code, string Message, double? Longitude = null, double? Latitude = null);

/// <summary>
/// Reports what is wrong with an outline — self-intersections with their location, duplicate vertices,
/// ring orientation — without changing it.
/// </summary>
public static class FootprintValidity
{
    public static IReadOnlyList<ValidityIssue> Check(Geometry lonLat)
    {
        var issues = new List<ValidityIssue>();
        var error = new NetTopologySuite.Operation.Valid.IsValidOp(lonLat).ValidationError;
        if (error is not null)
            issues.Add(new ValidityIssue(error.ErrorType.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"{error.Message} at {error.Coordinate.X:0.0000000}E {error.Coordinate.Y:0.0000000}N"),
                error.Coordinate.X, error.Coordinate.Y));
        var polygons = Enumerable.Range(0, lonLat.NumGeometries).Select(lonLat.GetGeometryN).OfType<Polygon>().ToList();
        for (var p = 0; p < polygons.Count; p++)
        {
            var rings = new[] { polygons[p].Shell }.Concat(polygons[p].Holes).ToList();
            for (var r = 0; r < rings.Count; r++)
            {
                var coordinates = rings[r].Coordinates;
                for (var i = 1; i < coordinates.Length - 1; i++)
                    if (coordinates[i].Equals2D(coordinates[i - 1]))
                        issues.Add(new ValidityIssue("RepeatedPoint",
                            string.Create(CultureInfo.InvariantCulture, $"part {p + 1} ring {r + 1}: vertex {i + 1} repeats vertex {i}"),
                            coordinates[i].X, coordinates[i].Y));
            }
        }
        return issues;
    }

    /// <summary>"clockwise" or "counter-clockwise" for each ring (shell first), as drawn.</summary>
    public static IReadOnlyList<string> Orientations(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>()
            .SelectMany(p => new[] { p.Shell }.Concat(p.Holes))
            .Select(r => NetTopologySuite.Algorithm.Orientation.IsCCW(r.CoordinateSequence) ? "counter-clockwise" : "clockwise")
            .ToList();
}
