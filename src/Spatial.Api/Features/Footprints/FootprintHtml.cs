using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Footprints;

/// <summary>The report as a printable page (zh-CN with English), for the file.</summary>
public sealed class FootprintHtml(FootprintReport report) : IResult
{
    // Markup characters are escaped; Chinese stays as text rather than becoming &#x…; entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private const string Style =
        "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #999;padding:.25em .6em;text-align:left}" +
        ".pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e}@media print{body{margin:0}}";

    // The page is one file to print or save, so its stylesheet stays inline, allowed by its hash.
    private static readonly string Policy = SecurityHeaders.ContentSecurityPolicyWithStyle(Style);

    private static string E(string? text) => Encoder.Encode(text ?? "");
    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>用地核查报告 Footprint check</title><link rel=\"icon\" href=\"data:,\">")
            .Append("<style>" + Style + "</style></head><body>")
            .Append("<h1>用地核查报告 <small>Footprint check</small></h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>结论 Verdict: <strong class=\"{report.Verdict.Code()}\">{VerdictLabel(report.Verdict)}</strong> · ")
            .Append(CultureInfo.InvariantCulture, $"{report.ParcelCount} 个地块 parcels · 平面面积 {N(report.PlaneArea.SquareMetres, "0.00")} m² = {N(report.PlaneArea.Hectares, "0.0000")} 公顷 = {N(report.PlaneArea.Mu, "0.00")} 亩 · ")
            .Append(CultureInfo.InvariantCulture, $"椭球面积 {N(report.EllipsoidalArea.SquareMetres, "0.00")} m² · {E(report.Format)} {E(report.Encoding)} · {E(report.Crs)}</p>");
        if (report.Reasons.Count > 0)
        {
            html.Append("<h2>原因 Reasons</h2><table><tr><th>代码 Code</th><th>级别</th><th>说明</th><th>Explanation</th></tr>");
            foreach (var r in report.Reasons)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Code)}</td><td class=\"{r.Severity.Code()}\">{r.Severity}</td><td>{E(r.MessageZh)}</td><td>{E(r.MessageEn)}</td></tr>");
            html.Append("</table>");
        }
        foreach (var p in report.Parcels)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(p.Label)} <small class=\"{p.Verdict.Code()}\">{VerdictLabel(p.Verdict)}</small></h2><table>")
                .Append(CultureInfo.InvariantCulture, $"<tr><th>平面面积 Plane area (zone {p.GaussKrugerZone.Zone}, EPSG:{p.GaussKrugerZone.Epsg})</th><td>{N(p.PlaneArea.SquareMetres, "0.00")} m² · {N(p.PlaneArea.Hectares, "0.0000")} 公顷 · {N(p.PlaneArea.Mu, "0.00")} 亩</td></tr>")
                .Append(CultureInfo.InvariantCulture, $"<tr><th>椭球面积 Ellipsoidal area</th><td>{N(p.EllipsoidalArea.SquareMetres, "0.00")} m² · {N(p.EllipsoidalArea.Hectares, "0.0000")} 公顷 · {N(p.EllipsoidalArea.Mu, "0.00")} 亩</td></tr>");
            if (p.DeclaredArea is { } d)
                html.Append(CultureInfo.InvariantCulture, $"<tr><th>申报面积 Declared</th><td>{N(d.Hectares, "0.0000")} 公顷（差 {N(d.DifferenceM2, "0.00")} m²）</td></tr>");
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>周长 Perimeter</th><td>{N(p.PerimeterM, "0.00")} m</td></tr>")
                .Append(CultureInfo.InvariantCulture, $"<tr><th>中心点 Centroid</th><td>{N(p.Centroid.Longitude, "0.0000000")}°E {N(p.Centroid.Latitude, "0.0000000")}°N</td></tr>")
                .Append("<tr><th>县（市）区 Counties</th><td>")
                .AppendJoin("；", p.Counties.Select(c => $"{E(c.NameZh)} {N(c.ShareOfParcel * 100, "0.##")}%"))
                .Append("</td></tr><tr><th>园区 Parks</th><td>")
                .AppendJoin("；", p.Parks.Select(k => $"{E(k.NameZh)} {N(k.ShareOfParcel * 100, "0.##")}%"))
                .Append("</td></tr></table>");
            var conflicts = p.Conflicts.WaterBodies.Select(o => ("水体 Water", o)).Concat(p.Conflicts.EcologicalAreas.Select(o => ("生态 Ecological", o)))
                .Concat(p.Conflicts.Projects.Select(o => ("项目 Project", o))).Concat(p.Conflicts.PlantingZones.Select(o => ("种植区 Zone", o))).ToList();
            if (conflicts.Count == 0) continue;
            html.Append("<table><tr><th>图层 Layer</th><th>名称 Name</th><th>重叠 Overlap</th><th>占地块 Share</th></tr>");
            foreach (var (layer, o) in conflicts)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{layer}</td><td>{E(o.NameZh)}</td><td>{N(o.Area.SquareMetres, "0.00")} m² · {N(o.Area.Mu, "0.00")} 亩</td><td>{N(o.ShareOfParcel * 100, "0.##")}%</td></tr>");
            html.Append("</table>");
        }
        html.Append("</body></html>");
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        httpContext.Response.Headers.ContentSecurityPolicy = Policy;
        return httpContext.Response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }

    private static string VerdictLabel(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "通过 pass",
        Verdict.Warn => "注意 warn",
        _ => "不通过 fail",
    };
}
