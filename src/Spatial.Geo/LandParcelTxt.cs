using System.Globalization;
using System.Text.RegularExpressions;

namespace Spatial.Geo;

/// <summary>
/// Reads the Ministry's land-parcel coordinate exchange TXT (勘测定界界址点坐标 / 红线坐标): a [属性描述]
/// header, then under [地块坐标] one '@' line per parcel followed by 点号,圈号,X,Y points (X northing,
/// Y easting). Refuses what it cannot read exactly, naming the line and the field.
/// </summary>
public static partial class LandParcelTxt
{
    [GeneratedRegex(@"^\s*\[(.+)\]\s*$")]
    private static partial Regex Section();

    private static readonly string[] AtFields = ["界址点数", "地块面积", "地块编号", "地块名称", "图形属性", "图幅号", "地块用途", "地类编码"];

    public static LandParcelFile Parse(ReadOnlySpan<byte> bytes)
    {
        var (text, encoding) = TextDecoding.Decode(bytes);
        return Parse(text, encoding);
    }

    public static LandParcelFile Parse(string text, string encoding = "UTF-8")
    {
        if (string.IsNullOrWhiteSpace(text)) throw new LandParcelFormatException(null, null, "the file is empty");
        var header = new Dictionary<string, string>();
        var parcels = new List<(string[] At, int Line, List<ParcelPoint> Points)>();
        var notes = new List<string>();
        string? section = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'); // CR alone: files from old Mac editors
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim().Replace('，', ',');
            if (line.Length == 0) continue;
            var sectionMatch = Section().Match(line);
            if (sectionMatch.Success)
            {
                section = sectionMatch.Groups[1].Value.Trim();
                continue;
            }
            switch (section)
            {
                case "属性描述":
                    var equals = line.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0) throw new LandParcelFormatException(number, null, $"a header line is key=value, found '{Clip(line)}'");
                    header[line[..equals].Trim()] = line[(equals + 1)..].Trim();
                    break;
                case "地块坐标":
                    if (line.EndsWith('@'))
                        parcels.Add((line.Split(','), number, []));
                    else if (parcels.Count == 0)
                        throw new LandParcelFormatException(number, null, "a coordinate line comes before any parcel ('…,@' line)");
                    else
                        parcels[^1].Points.Add(Point(line, number));
                    break;
                default:
                    throw new LandParcelFormatException(number, null, "text outside the [属性描述] and [地块坐标] sections");
            }
        }
        var datum = CheckHeader(header);
        if (parcels.Count == 0) throw new LandParcelFormatException(null, "[地块坐标]", "no parcel ('…,@' line) in the file");
        var (zone, prefixed) = Zone(header, parcels.SelectMany(p => p.Points).ToList());
        var result = parcels.Select((p, i) => Parcel(i + 1, p.At, p.Line, p.Points, notes)).ToList();
        return new LandParcelFile(encoding, header, datum, zone, prefixed, result, notes);
    }

    /// <summary>
    /// The datum <c>坐标系=</c> names: CGCS2000, or 西安1980 / 北京1954, whose coordinates need the user's transformation
    /// parameters downstream (an import takes them; <c>转换参数=</c> is kept in the header, not applied: it does not say
    /// its rotation convention). The projection must be 3° Gauss–Krüger in metres.
    /// </summary>
    private static GeodeticDatum CheckHeader(Dictionary<string, string> header)
    {
        var system = header.GetValueOrDefault("坐标系", "");
        if (system.Length == 0) throw new LandParcelFormatException(null, "坐标系", "missing from [属性描述]; the coordinate system must be stated");
        var datum = GeodeticDatums.FromTxtSystem(system, out var reason) ?? throw new LandParcelFormatException(null, "坐标系", reason!);
        if (header.TryGetValue("投影类型", out var projection) && projection.Length > 0 && !projection.Contains("高斯", StringComparison.Ordinal))
            throw new LandParcelFormatException(null, "投影类型", $"'{projection}' is not 高斯克吕格 (Gauss–Krüger)");
        if (header.TryGetValue("几度分带", out var width) && width.Length > 0 && width != "3")
            throw new LandParcelFormatException(null, "几度分带", $"'{width}': parcel files use 3° zones; 6° zones are for topographic maps");
        if (header.TryGetValue("计量单位", out var unit) && unit.Length > 0 && unit != "米")
            throw new LandParcelFormatException(null, "计量单位", $"'{unit}' is not 米 (metres)");
        return datum;
    }

    private static ParcelPoint Point(string line, int number)
    {
        var fields = line.Split(',');
        if (fields.Length < 4) throw new LandParcelFormatException(number, null, $"a point line is 点号,圈号,X,Y; found {fields.Length} field(s) in '{Clip(line)}'");
        if (!int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ring) || ring < 1)
            throw new LandParcelFormatException(number, "地块圈号", $"'{fields[1].Trim()}' is not a ring number (1, 2, …)");
        var x = Number(fields[2], number, "X坐标");
        var y = Number(fields[3], number, "Y坐标");
        return new ParcelPoint(fields[0].Trim(), ring, x, y, number);
    }

    private static double Number(string text, int line, string field) =>
        double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value)
            ? value
            : throw new LandParcelFormatException(line, field, $"'{Clip(text.Trim())}' is not a number");

    /// <summary>The zone: from the easting's prefix when it has one, else from 带号; the two must agree, and one file has one zone.</summary>
    private static (GaussKrugerZone Zone, bool Prefixed) Zone(Dictionary<string, string> header, List<ParcelPoint> points)
    {
        int? declared = null;
        if (header.TryGetValue("带号", out var text) && text.Length > 0)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var z))
                throw new LandParcelFormatException(null, "带号", $"'{text}' is not a zone number");
            declared = z;
        }
        if (points.Count == 0) throw new LandParcelFormatException(null, "[地块坐标]", "no coordinates in the file");
        var first = points[0];
        var prefixed = first.Easting >= 1e7;
        int zone;
        if (prefixed)
        {
            zone = (int)Math.Floor(first.Easting / 1e6);
            if (declared is not null && declared != zone)
                throw new LandParcelFormatException(first.Line, "Y坐标", $"the zone prefix {zone} of {first.Easting.ToString(CultureInfo.InvariantCulture)} disagrees with 带号={declared}");
        }
        else
        {
            zone = declared ?? throw new LandParcelFormatException(first.Line, "Y坐标",
                "the easting has no zone prefix and the header has no 带号, so the zone is unknown");
        }
        if (zone is < GaussKrugerZone.MinZone or > GaussKrugerZone.MaxZone)
            throw new LandParcelFormatException(null, "带号", $"zone {zone} is not a 3° zone of China (25–45)");
        foreach (var p in points)
        {
            var pointPrefixed = p.Easting >= 1e7;
            if (pointPrefixed != prefixed || (prefixed && (int)Math.Floor(p.Easting / 1e6) != zone))
                throw new LandParcelFormatException(p.Line, "Y坐标", $"point {p.Name} is in another zone than line {first.Line}; one file must use one zone");
            var easting = prefixed ? p.Easting - zone * 1e6 : p.Easting;
            if (easting is < 100_000 or > 900_000)
                throw new LandParcelFormatException(p.Line, "Y坐标", $"easting {p.Easting.ToString(CultureInfo.InvariantCulture)} is outside any 3° zone (100 000–900 000 m after the prefix)");
            if (p.Northing is < 1_800_000 or > 6_000_000)
                throw new LandParcelFormatException(p.Line, "X坐标", $"northing {p.Northing.ToString(CultureInfo.InvariantCulture)} is outside China (X is northing, 7 digits)");
        }
        return (new GaussKrugerZone(zone), prefixed);
    }

    private static LandParcel Parcel(int index, string[] at, int line, List<ParcelPoint> points, List<string> notes)
    {
        if (at.Length < 9) throw new LandParcelFormatException(line, null, $"an '@' line has 8 fields then '@' ({string.Join(",", AtFields)},@); found {at.Length - 1}");
        string? Field(int i) => at[i].Trim() is { Length: > 0 } v ? v : null;
        int? count = null;
        if (Field(0) is { } c)
            count = int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new LandParcelFormatException(line, "界址点数", $"'{c}' is not a whole number");
        double? area = null;
        if (Field(1) is { } a)
        {
            var value = a.Replace("公顷", "", StringComparison.Ordinal).Trim();
            area = double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ha) && double.IsFinite(ha) ? ha
                : throw new LandParcelFormatException(line, "地块面积", $"'{a}' is not an area in 公顷");
        }
        var parcel = new LandParcel(index, line, count, area, Field(2), Field(3), Field(4), Field(5), Field(6), Field(7),
            points.GroupBy(p => p.Ring).Select(g => new ParcelRing(g.Key, g.ToList())).ToList());
        if (parcel.Rings.Count == 0) throw new LandParcelFormatException(line, null, $"parcel {parcel.Label} has no points");
        if (!parcel.Rings.Any(r => r.Number == 1)) throw new LandParcelFormatException(line, "地块圈号", $"parcel {parcel.Label} has no ring 1 (its outer boundary)");
        if (count is not null && count != parcel.PointCount)
            notes.Add($"line {line}: parcel {parcel.Label} declares {count} points (界址点数) but lists {parcel.PointCount}");
        return parcel;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
