using System.Globalization;
using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>
/// Bounds on the work one check may ask for, settable under <c>Spatial:Footprints</c>. They are checked
/// in process before PostgreSQL sees the outline, so an outline PostGIS would take minutes to repair is
/// refused in milliseconds with the limit it broke.
/// </summary>
public sealed class FootprintLimits
{
    public const string Section = "Spatial:Footprints";

    /// <summary>The limits as shipped, for callers without settings (benchmarks, tests).</summary>
    public static FootprintLimits Defaults { get; } = new();

    /// <summary>Vertices of all parcels of one request together; more is a 413, the body is too large to check.</summary>
    public int MaxRequestVertices { get; set; } = 100_000;

    /// <summary>Parcels (footprints) in one request.</summary>
    public int MaxParcels { get; set; } = 100;

    /// <summary>Plane area of all parcels together, km²: the overlay's work grows with the features a request covers.</summary>
    public double MaxAreaKm2 { get; set; } = 1_000;

    /// <summary>Vertices of one parcel, all its rings together.</summary>
    public int MaxVertices { get; set; } = 20_000;

    /// <summary>Rings of one parcel: outer rings of its parts and their holes.</summary>
    public int MaxRings { get; set; } = 500;

    /// <summary>Crossings of an invalid outline's edges that are still repaired for reference; more is refused.</summary>
    public int MaxSelfCrossings { get; set; } = 100;

    public static FootprintLimits From(IConfiguration configuration)
    {
        var limits = configuration.GetSection(Section).Get<FootprintLimits>() ?? new FootprintLimits();
        foreach (var (name, value) in new[] { ("MaxParcels", limits.MaxParcels), ("MaxVertices", limits.MaxVertices), ("MaxRings", limits.MaxRings), ("MaxRequestVertices", limits.MaxRequestVertices) })
            if (value < 1) throw new InvalidOperationException($"{Section}:{name} must be at least 1 (found {value}).");
        if (limits.MaxSelfCrossings < 0) throw new InvalidOperationException($"{Section}:MaxSelfCrossings must be 0 or more.");
        if (!(limits.MaxAreaKm2 > 0)) throw new InvalidOperationException($"{Section}:MaxAreaKm2 must be more than 0.");
        return limits;
    }

    /// <summary>
    /// The counting limits (parcels, vertices, rings), on what a parser read before it builds outlines:
    /// building a TXT parcel's outline tests every ring against its shell, work these limits must bound first.
    /// </summary>
    public FootprintRejection? CheckCounts(IReadOnlyCollection<(string Label, int Vertices, int Rings)> parcels)
    {
        if (parcels.Count > MaxParcels)
            return Refuse("MaxParcels", $"body: {parcels.Count} parcels; at most {MaxParcels} are checked in one request — split the file");
        var total = parcels.Sum(p => (long)p.Vertices);
        if (total > MaxRequestVertices)
            return Refuse("MaxRequestVertices", $"body: {total} vertices; at most {MaxRequestVertices} are checked in one request", StatusCodes.Status413PayloadTooLarge);
        foreach (var (label, vertices, rings) in parcels)
        {
            if (vertices > MaxVertices)
                return Refuse("MaxVertices", $"{label}: {vertices} vertices; at most {MaxVertices} are checked per parcel — simplify the outline");
            if (rings > MaxRings)
                return Refuse("MaxRings", $"{label}: {rings} rings (parts and holes); at most {MaxRings} are checked per parcel");
        }
        return null;
    }

    /// <summary>The first limit the submission breaks, as a 400 (413) naming the parcel, the count and the limit; null when within them.</summary>
    public FootprintRejection? Check(FootprintSubmission submission)
    {
        var parcels = submission.Footprints;
        if (CheckCounts(parcels.Select(p => (p.Label, p.LonLat.NumPoints, Rings(p.LonLat).Count())).ToList()) is { } refused) return refused;
        var area = parcels.Sum(p => p.Plane.Area) / 1e6;
        if (area > MaxAreaKm2)
            return Refuse("MaxAreaKm2", string.Create(CultureInfo.InvariantCulture,
                $"body: the parcels cover {area:0.#} km²; at most {MaxAreaKm2:0.#} km² are checked in one request — check a smaller area or split it"));
        foreach (var parcel in parcels)
        {
            var outline = parcel.LonLat;
            if (outline.IsValid) continue;
            var crossings = SelfCrossings.CountUpTo(outline, MaxSelfCrossings);
            if (crossings.Count > MaxSelfCrossings)
                return Refuse("MaxSelfCrossings", string.Create(CultureInfo.InvariantCulture,
                    $"{parcel.Label}: the outline's edges cross or touch each other more than {MaxSelfCrossings} times (the first at {crossings.First!.X:0.0000000}E {crossings.First.Y:0.0000000}N); such an outline is not a parcel boundary and is not repaired — fix the vertex order"));
        }
        return null;
    }

    private static IEnumerable<LineString> Rings(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>().SelectMany(p => new[] { p.Shell }.Concat(p.Holes));

    private static FootprintRejection Refuse(string limit, string detail, int status = StatusCodes.Status400BadRequest) => new(status, "Footprint too complex", detail,
        new Dictionary<string, object?> { ["parameter"] = "body", ["limit"] = $"{Section}:{limit}" });
}
