using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>
/// One outline to check: in CGCS2000 lon/lat for the overlay, and in its Gauss–Krüger plane for the plane
/// area the land office reconciles with (the file's own zone for TXT, the zone of its centroid otherwise), and what
/// the TXT's '@' line says of it (地块编号, 地块用途, 地类编码, 图幅号).
/// </summary>
public sealed record Footprint(
    int Index, string Label, Geometry LonLat, Geometry Plane, GaussKrugerZone Zone, bool Prefixed,
    double? DeclaredAreaHectares = null, string? Number = null, string? Use = null, IReadOnlyList<string>? Notes = null,
    string? ProjectId = null, string? Sector = null, string? LandClass = null, string? MapSheet = null, IReadOnlyList<BoundaryPoint>? Points = null)
{
    /// <summary>The 界址点 table: the file's point lines for TXT, else the outline's vertices numbered J1….</summary>
    public IReadOnlyList<BoundaryPoint> BoundaryPoints => Points ?? Geo.BoundaryPoints.Of(Plane);
}

/// <summary>What was submitted: the footprints and how they were read.</summary>
public sealed record FootprintSubmission(string Format, string? Encoding, CrsReference Crs, IReadOnlyList<Footprint> Footprints, IReadOnlyList<string> Notes);

/// <summary>A refused submission: the HTTP status (400, 413, 415) and the problem, naming where it is.</summary>
public sealed record FootprintRejection(int Status, string Title, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null);
