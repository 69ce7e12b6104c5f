using System.Globalization;

namespace Spatial.Api.Features.Footprints;

/// <summary>Why a footprint is not a plain pass: a stable code, its severity, and the words in both languages.</summary>
public sealed record Reason(string Code, Verdict Severity, string MessageZh, string MessageEn, IReadOnlyList<string> FeatureIds, IReadOnlyList<int> Parcels);

/// <summary>Every reason the check can give, worded once.</summary>
public static class FootprintReasons
{
    private static string N(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// A conflict with an indicative outline (placed by rule, not surveyed) is a warning to verify, never a
    /// failure: the other feature's real site is unknown.
    /// </summary>
    public static Reason Indicative(Reason reason) => reason with
    {
        Severity = reason.Severity == Verdict.Fail ? Verdict.Warn : reason.Severity,
        MessageZh = reason.MessageZh.TrimEnd('。') + "（对方为示意位置，请核实）。",
        MessageEn = reason.MessageEn.TrimEnd('.') + " (its outline is indicative: verify).",
    };

    public static Reason InvalidGeometry(int parcel, string label, string detail) => new("INVALID_GEOMETRY", Verdict.Fail,
        $"{label}几何无效：{detail}。已按修复后的副本计算面积与叠加，仅供参考。",
        $"{label} is not a valid polygon: {detail}. Areas and overlaps were measured on a repaired copy, for reference only.", [], [parcel]);

    public static Reason RepeatedPoints(int parcel, string label, int count) => new("REPEATED_POINTS", Verdict.Warn,
        $"{label}有{count}处重复界址点。", $"{label} has {count} repeated vertex(es).", [], [parcel]);

    public static Reason OutsidePlanArea(int parcel, string label) => new("OUTSIDE_PLAN_AREA", Verdict.Fail,
        $"{label}不在鸡西市、绥芬河市范围内，无法核查。", $"{label} lies outside Jixi and Suifenhe; it cannot be checked here.", [], [parcel]);

    public static Reason MultipleCounties(int parcel, string label, IReadOnlyList<string> codes) => new("MULTIPLE_COUNTIES", Verdict.Warn,
        $"{label}跨越{codes.Count}个县（市）区。", $"{label} crosses {codes.Count} counties.", codes, [parcel]);

    public static Reason WaterOverlap(int parcel, string label, string name, string id, double m2) => new("WATER_OVERLAP", Verdict.Fail,
        $"{label}与水体“{name}”重叠{N(m2)}平方米。", $"{label} overlaps the water body {name} by {N(m2)} m².", [id], [parcel]);

    public static Reason EcologicalOverlap(int parcel, string label, string name, string id, double m2) => new("ECOLOGICAL_OVERLAP", Verdict.Fail,
        $"{label}与生态保护区域“{name}”重叠{N(m2)}平方米。", $"{label} overlaps the protected area {name} by {N(m2)} m².", [id], [parcel]);

    public static Reason ProjectOverlap(int parcel, string label, string name, string id, double share, bool major) => new(
        major ? "PROJECT_OVERLAP" : "PROJECT_OVERLAP_MINOR", major ? Verdict.Fail : Verdict.Warn,
        $"{label}与项目“{name}”重叠（占本地块{N(share * 100, "0.#")}%）。", $"{label} overlaps the project {name} ({N(share * 100, "0.#")} % of the parcel).", [id], [parcel]);

    public static Reason ZoneOverlap(int parcel, string label, string name, string id, IReadOnlyList<string> crops) => new("ZONE_OVERLAP", Verdict.Warn,
        $"{label}占用种植区“{name}”（{string.Join("、", crops)}）。", $"{label} takes land from the planting zone {name} ({string.Join(", ", crops)}).", [id], [parcel]);

    public static Reason OutsideParks(int parcel, string label, string sector) => new("OUTSIDE_PARKS", Verdict.Warn,
        $"{label}为工业类项目（{sector}），但不在任何产业园区内。", $"{label} is an industrial project ({sector}) outside every industrial park.", [], [parcel]);

    public static Reason PartlyOutsidePark(int parcel, string label, string name, string id, double share) => new("PARTLY_OUTSIDE_PARK", Verdict.Warn,
        $"{label}仅{N(share * 100, "0.#")}%位于园区“{name}”内。", $"Only {N(share * 100, "0.#")} % of {label} lies inside the park {name}.", [id], [parcel]);

    public static Reason DeclaredAreaMismatch(int parcel, string label, double declaredHa, double computedHa) => new("DECLARED_AREA_MISMATCH", Verdict.Warn,
        $"{label}申报面积{N(declaredHa, "0.0000")}公顷，按坐标计算为{N(computedHa, "0.0000")}公顷。",
        $"{label} declares {N(declaredHa, "0.0000")} ha; its coordinates give {N(computedHa, "0.0000")} ha.", [], [parcel]);
}
