using System.Globalization;
using System.Text;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Footprints;

/// <summary>One parcel of the printed report, on a page of its own: its attributes, its map, its 界址点 table and its conflicts.</summary>
public static class FootprintParcelHtml
{
    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Render(ParcelReport p, ReportText t)
    {
        var html = new StringBuilder();
        var language = t.Language;
        var title = p.Number is { } number && number != p.Label ? $"{number} {p.Label}" : p.Label;
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"parcel\" id=\"parcel-{p.Index}\"><h2>{t.Both("地块", "Parcel")} {p.Index}：{HtmlPage.E(title)} ")
            .Append(CultureInfo.InvariantCulture, $"<small class=\"{p.Verdict.Code()}\">{t.Verdict(p.Verdict)}</small></h2><table class=\"attributes\">")
            .Append(t.Row("地块编号", "Parcel number", p.Number))
            .Append(t.Row("地块名称", "Name", p.Label))
            .Append(t.Row("地块用途", "Land use", p.Use))
            .Append(t.Row("地类编码", "Land class", p.Drawing?.LandClass))
            .Append(t.Row("图幅号", "Map sheet", p.Drawing?.MapSheet))
            .Append(t.Row("坐标系", "CRS", p.Drawing is { } d ? $"{d.CrsName} (EPSG:{d.Epsg})" : null))
            .Append(t.Row("平面面积", "Plane area", ReportText.Area(p.PlaneArea)))
            .Append(t.Row("椭球面积", "Ellipsoidal area", ReportText.Area(p.EllipsoidalArea)))
            .Append(t.Row("申报面积", "Declared area", p.DeclaredArea is { } declared
                ? $"{N(declared.Hectares, "0.0000")} 公顷 ha（差 difference {N(declared.DifferenceM2, "0.00")} m²）" : null))
            .Append(t.Row("周长", "Perimeter", $"{N(p.PerimeterM, "0.00")} m"))
            .Append(t.Row("中心点", "Centroid", $"{N(p.Centroid.Longitude, "0.0000000")}°E {N(p.Centroid.Latitude, "0.0000000")}°N"))
            .Append(t.Row("县（市）区", "Counties", string.Join("；", p.Counties.Select(c => $"{Name(c.NameZh, c.NameEn, language)} {N(c.ShareOfParcel * 100, "0.##")}%"))))
            .Append(t.Row("园区", "Parks", string.Join("；", p.Parks.Select(k => $"{Name(k.NameZh, k.NameEn, language)} {N(k.ShareOfParcel * 100, "0.##")}%"))))
            .Append("</table>");

        if (p.Drawing is { } drawing)
        {
            html.Append("<figure>").Append(FootprintMapSvg.Render(drawing, p.Index, language))
                .Append(CultureInfo.InvariantCulture, $"<figcaption>{t.Both("黑线：地块；红色斜线：重叠；虚线：邻近项目、种植区、水体、生态区。", "Black: the parcel; red hatching: overlaps; dashed: nearby projects, zones, water and ecological areas.")}</figcaption></figure>");
            html.Append(CultureInfo.InvariantCulture, $"<h3>{t.Both("界址点坐标表", "Boundary points")}</h3><table class=\"points\"><tr>{t.Th("点号", "Point")}{t.Th("圈号", "Ring")}")
                .Append(CultureInfo.InvariantCulture, $"{t.Th("X（北）m", "X (north) m")}{t.Th("Y（东）m", "Y (east) m")}{t.Th("边长 m", "Edge m")}</tr>");
            foreach (var point in drawing.Points)
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"point\">{t.Td(point.Name)}<td class=\"n\">{point.Ring}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{N(point.Northing, "0.000")}</td><td class=\"n\">{N(point.Easting, "0.000")}</td>")
                    .Append(t.Td(point.EdgeToNextM is { } edge ? N(edge, "0.00") : null, number: true)).Append("</tr>");
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"total\">{t.Th("合计", "Total")}<td colspan=\"4\">{HtmlPage.E(ReportText.Area(p.PlaneArea))}</td></tr></table>");
        }

        var c = p.Conflicts;
        var conflicts = c.WaterBodies.Select(o => (t.Both("水体", "Water"), o)).Concat(c.EcologicalAreas.Select(o => (t.Both("生态", "Ecological"), o)))
            .Concat(c.Projects.Select(o => (t.Both("项目", "Project"), o))).Concat(c.PlantingZones.Select(o => (t.Both("种植区", "Zone"), o))).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<h3>{t.Both("重叠", "Overlaps")}</h3>");
        if (conflicts.Count == 0) html.Append(CultureInfo.InvariantCulture, $"<p class=\"none\">{t.None}</p>");
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"overlaps\"><tr>{t.Th("图层", "Layer")}{t.Th("名称", "Name")}{t.Th("重叠面积", "Overlap")}{t.Th("占地块", "Share")}</tr>");
            foreach (var (layer, o) in conflicts)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{layer}</td>{t.Td(Name(o.NameZh, o.NameEn, language))}")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{N(o.Area.SquareMetres, "0.00")} m² · {N(o.Area.Mu, "0.00")} 亩</td><td class=\"n\">{N(o.ShareOfParcel * 100, "0.##")}%</td></tr>");
            html.Append("</table>");
        }
        return html.Append("</section>").ToString();
    }

    private static string Name(string zh, string en, Language language) => language == Language.English && en.Length > 0 ? en : zh;
}
