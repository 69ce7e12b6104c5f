using System.Globalization;
using System.Text;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Footprints;

/// <summary>What the printed report says of the check beyond the report itself: when it ran, the file, the page's language.</summary>
public sealed record ReportHeader(DateTimeOffset CheckedAt, string? FileName, Language Language);

/// <summary>
/// The report as a page to print on A4 and file (zh-CN with English, or English first with <c>lang=en</c>): a header with
/// the time of the check (Asia/Shanghai), the file, the CRS by name and the parcels; the reasons with their severity in
/// both languages; then one page per parcel (<see cref="FootprintParcelHtml"/>). One self-contained file: its stylesheet
/// is inline, allowed by its hash; it has no script. Every name from the file or the data is escaped.
/// </summary>
public sealed class FootprintHtml(FootprintReport report, ReportHeader header) : IResult
{
    private const string Style =
        "body{font-family:'Noto Sans CJK SC','Noto Sans SC',sans-serif;margin:2em;color:#222;font-size:11pt}" +
        "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}" +
        "td.n{text-align:right;font-variant-numeric:tabular-nums}.en{color:#555}h1,h2,h3{margin:.6em 0 .3em}" +
        ".pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e}.none{color:#777}" +
        "svg.parcel-map{width:100%;max-height:150mm;border:0;display:block}figure{margin:.5em 0}figcaption{font-size:9pt;color:#555}" +
        "section.parcel{break-before:page;page-break-before:always}" +
        "@page{size:A4;margin:15mm 12mm 15mm 12mm}" +
        "@media print{body{margin:0;font-size:10pt}.screen-only{display:none}table{page-break-inside:auto}tr{break-inside:avoid}" +
        "figure{break-inside:avoid}h2,h3{break-after:avoid}}";

    // The page is one file to print or save, so its stylesheet stays inline, allowed by its hash.
    private static readonly string Policy = SecurityHeaders.ContentSecurityPolicyWithStyle(Style);

    private static readonly TimeZoneInfo China = ChinaTimeZone();

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var t = new ReportText(header.Language);
        var html = new StringBuilder();
        var checkedAt = TimeZoneInfo.ConvertTime(header.CheckedAt, China);
        html.Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"{t.HtmlLang}\"><head><meta charset=\"utf-8\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{t.Plain("用地核查报告", "Footprint check report")}</title><link rel=\"icon\" href=\"data:,\">")
            .Append("<style>" + Style + "</style></head><body><header>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{t.Both("用地核查报告", "Footprint check report")}</h1><table class=\"header\">")
            .Append(t.Row("核查时间", "Checked at", checkedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " (Asia/Shanghai 北京时间)"))
            .Append(t.Row("文件", "File", header.FileName))
            .Append(t.Row("格式", "Format", report.Format + (report.Encoding is { } enc ? $" · {enc}" : "")))
            .Append(t.Row("坐标系", "CRS", string.Join("；", report.Parcels.Select(p => p.Drawing).OfType<ParcelDrawing>()
                .Select(d => $"{d.CrsName} (EPSG:{d.Epsg})").Distinct())))
            .Append(report.Format is "land-parcel-txt" ? "" : t.Row("提交坐标系", "Submitted CRS", report.Crs))
            .Append(t.RowHtml("结论", "Verdict", $"<strong class=\"{report.Verdict.Code()}\">{t.Verdict(report.Verdict)}</strong>"))
            .Append(t.RowHtml("地块", "Parcels", report.ParcelCount.ToString(CultureInfo.InvariantCulture)))
            .Append(t.Row("平面面积", "Plane area", ReportText.Area(report.PlaneArea)))
            .Append(t.Row("椭球面积", "Ellipsoidal area", ReportText.Area(report.EllipsoidalArea)))
            .Append(t.Row("申报面积", "Declared area", report.DeclaredHectares is { } ha ? ha.ToString("0.0000", CultureInfo.InvariantCulture) + " 公顷 ha" : null))
            .Append("</table>");

        html.Append(CultureInfo.InvariantCulture, $"<table class=\"parcels\"><tr>{t.Th("序号", "No.")}{t.Th("地块编号", "Parcel number")}{t.Th("地块名称", "Name")}")
            .Append(CultureInfo.InvariantCulture, $"{t.Th("地块用途", "Land use")}{t.Th("地类编码", "Land class")}{t.Th("图幅号", "Map sheet")}{t.Th("平面面积", "Plane area")}{t.Th("结论", "Verdict")}</tr>");
        foreach (var p in report.Parcels)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{p.Index}</td>{t.Td(p.Number)}{t.Td(p.Label)}{t.Td(p.Use)}{t.Td(p.Drawing?.LandClass)}{t.Td(p.Drawing?.MapSheet)}")
                .Append(CultureInfo.InvariantCulture, $"{t.Td(ReportText.Area(p.PlaneArea))}<td class=\"{p.Verdict.Code()}\">{t.Verdict(p.Verdict)}</td></tr>");
        html.Append("</table></header>");

        html.Append(CultureInfo.InvariantCulture, $"<h2>{t.Both("原因", "Reasons")}</h2>");
        if (report.Reasons.Count == 0) html.Append(CultureInfo.InvariantCulture, $"<p class=\"none\">{t.None}</p>");
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"reasons\"><tr>{t.Th("代码", "Code")}{t.Th("级别", "Severity")}<th>说明</th><th>Explanation</th></tr>");
            foreach (var r in report.Reasons)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlPage.E(r.Code)}</td><td class=\"{r.Severity.Code()}\">{t.Severity(r.Severity)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{HtmlPage.E(r.MessageZh)}</td><td>{HtmlPage.E(r.MessageEn)}</td></tr>");
            html.Append("</table>");
        }
        foreach (var p in report.Parcels) html.Append(FootprintParcelHtml.Render(p, t));
        html.Append("</body></html>");
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        httpContext.Response.Headers.ContentSecurityPolicy = Policy;
        return httpContext.Response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }

    // Asia/Shanghai has kept UTC+8 without daylight saving since 1991; the fixed offset stands in where tzdata is missing.
    private static TimeZoneInfo ChinaTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "Asia/Shanghai", "CST");
        }
    }
}
