using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>
/// How to check: the sliver tolerance, the sector, outline and overlap geometries (in <see cref="ResponseCrs"/>, CRS84 when
/// null), and the stored project an outline is to replace.
/// </summary>
/// <param name="Drawing">The printed report's map: neighbours and overlaps in each parcel's plane (work the JSON never shows).</param>
public sealed record CheckOptions(double ToleranceM2 = 1, string? Sector = null, bool IncludeGeometry = true, string? ReplacesProject = null,
    CrsReference? ResponseCrs = null, bool Drawing = false)
{
    public CrsReference Crs => ResponseCrs ?? CrsReference.Crs84;
}

public sealed record Share(string Id, string NameZh, string NameEn, Area Area, double ShareOfParcel, IReadOnlyList<string> Detail);

/// <summary>An overlap with another feature; <see cref="Indicative"/> (not reported) makes a conflict with it a warning.</summary>
public sealed record Overlap(
    string Id, string NameZh, string NameEn, Area Area, double ShareOfParcel, double? ShareOfFeature, IReadOnlyList<string> Detail, string? GeometrySource,
    [property: JsonIgnore] bool Indicative = false);

public sealed record Conflicts(
    IReadOnlyList<Overlap> EcologicalAreas, IReadOnlyList<Overlap> WaterBodies, IReadOnlyList<Overlap> Projects, IReadOnlyList<Overlap> PlantingZones);

public sealed record Validity(bool Valid, IReadOnlyList<ValidityIssue> Issues, IReadOnlyList<string> RingOrientation, IReadOnlyList<string> Notes);

public sealed record DeclaredArea(double Hectares, double DifferenceM2, double DifferenceHectares);

public sealed record ZoneInfo(int Zone, double CentralMeridian, int Epsg);

public sealed record Centroid(double Longitude, double Latitude);

public sealed record ParcelReport(
    int Index, string Label, string? Number, string? Use, string? ProjectId, Verdict Verdict, IReadOnlyList<Reason> Reasons,
    Validity Validity, Area PlaneArea, Area EllipsoidalArea, DeclaredArea? DeclaredArea, double PerimeterM, double EllipsoidalPerimeterM,
    Centroid Centroid, ZoneInfo GaussKrugerZone, IReadOnlyList<Share> Counties, IReadOnlyList<Share> Parks, string? InsidePark,
    Conflicts Conflicts, IReadOnlyList<Overlap> Slivers, JsonNode? Outline, [property: JsonIgnore] ParcelDrawing? Drawing = null);

public sealed record FootprintReport(
    Verdict Verdict, IReadOnlyList<Reason> Reasons, string Format, string? Encoding, string Crs, double ToleranceM2, int ParcelCount,
    Area PlaneArea, Area EllipsoidalArea, double? DeclaredHectares, IReadOnlyList<ParcelReport> Parcels, IReadOnlyList<string> Notes,
    JsonObject? Overlaps);

/// <summary>Turns the overlay rows into the land officer's report, and decides the verdict.</summary>
public static class FootprintReports
{
    /// <summary>An overlap with another project of this share (of either) is a conflict, below it a warning.</summary>
    public const double MajorProjectOverlap = 0.10;

    /// <summary>地块面积 has 4 decimals of a hectare (±0.5 m² of rounding); a difference beyond that and 1 m² is real.</summary>
    public const double DeclaredAreaToleranceM2 = 1.5;

    public static FootprintReport Build(FootprintSubmission submission, IReadOnlyList<OverlayRow> rows, CheckOptions options)
    {
        var parcels = submission.Footprints.Select(f => Parcel(f, rows.Where(r => r.Parcel == f.Index).ToList(), options)).ToList();
        var reasons = parcels.SelectMany(p => p.Reasons).ToList();
        return new FootprintReport(
            Verdicts.Worst(reasons), reasons, submission.Format, submission.Encoding, submission.Crs.Uri, options.ToleranceM2, parcels.Count,
            AreaUnits.Describe(submission.Footprints.Sum(f => f.Plane.Area)), AreaUnits.Describe(parcels.Sum(p => p.EllipsoidalArea.SquareMetres)),
            submission.Footprints.All(f => f.DeclaredAreaHectares is null) ? null : submission.Footprints.Sum(f => f.DeclaredAreaHectares ?? 0),
            parcels, submission.Notes, options.IncludeGeometry ? OverlapFeatures(rows, options) : null);
    }

    private static ParcelReport Parcel(Footprint f, List<OverlayRow> rows, CheckOptions options)
    {
        var measure = rows.Single(r => r.Kind == OverlayKind.Measure);
        var ellipsoidal = measure.Area;
        var valid = measure.Info.Length > 0 && measure.Info[0] == "true";
        var issues = FootprintValidity.Check(f.LonLat);
        var reasons = new List<Reason>();
        if (!valid || issues.Any(i => i.Code != "RepeatedPoint"))
            reasons.Add(FootprintReasons.InvalidGeometry(f.Index, f.Label, issues.FirstOrDefault(i => i.Code != "RepeatedPoint")?.Message ?? "not a valid polygon"));
        var repeated = issues.Count(i => i.Code == "RepeatedPoint");
        if (repeated > 0) reasons.Add(FootprintReasons.RepeatedPoints(f.Index, f.Label, repeated));

        Share ShareOf(OverlayRow r) => new(r.Id!, r.NameZh!, r.NameEn!, AreaUnits.Describe(r.Area), Ratio(r.Area, ellipsoidal), r.Info);
        var counties = rows.Where(r => r.Kind == OverlayKind.County && r.Area > 0).Select(ShareOf).OrderByDescending(s => s.Area.SquareMetres).ToList();
        var parks = rows.Where(r => r.Kind == OverlayKind.Park && r.Area > 0).Select(ShareOf).OrderByDescending(s => s.ShareOfParcel).ToList();
        if (counties.Count == 0) reasons.Add(FootprintReasons.OutsidePlanArea(f.Index, f.Label));
        var substantialCounties = counties.Where(c => c.Area.SquareMetres > options.ToleranceM2).Select(c => c.Id).ToList();
        if (substantialCounties.Count > 1) reasons.Add(FootprintReasons.MultipleCounties(f.Index, f.Label, substantialCounties));

        var slivers = new List<Overlap>();
        List<Overlap> Overlaps(OverlayKind kind)
        {
            var all = rows.Where(r => r.Kind == kind && r.Area > 0)
                .Select(r => new Overlap(r.Id!, r.NameZh!, r.NameEn!, AreaUnits.Describe(r.Area), Ratio(r.Area, ellipsoidal),
                    r.Other is > 0 ? Ratio(r.Area, r.Other.Value) : null, r.Info, r.GeometrySource, r.Indicative))
                .OrderByDescending(o => o.Area.SquareMetres).ToList();
            slivers.AddRange(all.Where(o => o.Area.SquareMetres <= options.ToleranceM2));
            return all.Where(o => o.Area.SquareMetres > options.ToleranceM2).ToList();
        }
        var conflicts = new Conflicts(Overlaps(OverlayKind.Ecological), Overlaps(OverlayKind.Water), Overlaps(OverlayKind.Project), Overlaps(OverlayKind.Zone));
        static Reason Weigh(Overlap o, Reason reason) => o.Indicative ? FootprintReasons.Indicative(reason) : reason;
        reasons.AddRange(conflicts.WaterBodies.Select(o => Weigh(o, FootprintReasons.WaterOverlap(f.Index, f.Label, o.NameZh, o.Id, o.Area.SquareMetres))));
        reasons.AddRange(conflicts.EcologicalAreas.Select(o => Weigh(o, FootprintReasons.EcologicalOverlap(f.Index, f.Label, o.NameZh, o.Id, o.Area.SquareMetres))));
        reasons.AddRange(conflicts.Projects.Select(o => Weigh(o, FootprintReasons.ProjectOverlap(f.Index, f.Label, o.NameZh, o.Id, o.ShareOfParcel,
            o.ShareOfParcel >= MajorProjectOverlap || o.ShareOfFeature >= MajorProjectOverlap))));
        reasons.AddRange(conflicts.PlantingZones.Select(o => Weigh(o, FootprintReasons.ZoneOverlap(f.Index, f.Label, o.NameZh, o.Id, o.Detail))));

        var inside = parks.FirstOrDefault(p => p.ShareOfParcel >= 0.9999);
        var sector = f.Sector ?? options.Sector;
        if (sector is not null && measure.Industrial && counties.Count > 0)
        {
            if (parks.Count == 0) reasons.Add(FootprintReasons.OutsideParks(f.Index, f.Label, sector));
            else if (inside is null) reasons.Add(FootprintReasons.PartlyOutsidePark(f.Index, f.Label, parks[0].NameZh, parks[0].Id, parks[0].ShareOfParcel));
        }

        var plane = f.Plane.Area;
        DeclaredArea? declared = null;
        if (f.DeclaredAreaHectares is { } ha)
        {
            var difference = plane - AreaUnits.FromHectares(ha);
            declared = new DeclaredArea(ha, Math.Round(difference, 2), Math.Round(AreaUnits.ToHectares(difference), 4));
            if (Math.Abs(difference) > DeclaredAreaToleranceM2) reasons.Add(FootprintReasons.DeclaredAreaMismatch(f.Index, f.Label, ha, AreaUnits.ToHectares(plane)));
        }
        var centroid = f.LonLat.Centroid;
        return new ParcelReport(
            f.Index, f.Label, f.Number, f.Use, f.ProjectId, Verdicts.Worst(reasons), reasons,
            new Validity(valid && issues.All(i => i.Code == "RepeatedPoint"), issues, FootprintValidity.Orientations(f.Plane), f.Notes ?? []),
            AreaUnits.Describe(plane), AreaUnits.Describe(ellipsoidal), declared, Math.Round(f.Plane.Length, 3), Math.Round(measure.Other ?? 0, 3),
            new Centroid(Math.Round(centroid.X, 7), Math.Round(centroid.Y, 7)),
            new ZoneInfo(f.Zone.Zone, f.Zone.CentralMeridian, f.Zone.Srid(f.Prefixed)),
            counties, parks, inside?.Id, conflicts, slivers, options.IncludeGeometry && measure.GeoJson is { } outline ? JsonNode.Parse(outline) : null,
            options.Drawing ? ParcelDrawing.Of(f, rows, options.ToleranceM2) : null);
    }

    private static double Ratio(double part, double whole) => whole > 0 ? Math.Round(Math.Min(part / whole, 1), 6) : 0;

    /// <summary>The overlap geometries (PostGIS GeoJSON in the response CRS) as one FeatureCollection, for the map to highlight.</summary>
    private static JsonObject OverlapFeatures(IReadOnlyList<OverlayRow> rows, CheckOptions options)
    {
        var features = new JsonArray();
        foreach (var r in rows.Where(r => r.Kind != OverlayKind.Measure && r.GeoJson is not null && r.Area > options.ToleranceM2))
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = JsonNode.Parse(r.GeoJson!),
                ["properties"] = new JsonObject
                {
                    ["parcel"] = r.Parcel, ["layer"] = r.Kind.Code(), ["id"] = r.Id, ["name_zh"] = r.NameZh, ["name_en"] = r.NameEn,
                    ["area_m2"] = Math.Round(r.Area, 2), ["geometry_source"] = r.GeometrySource,
                },
            });
        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
    }
}
