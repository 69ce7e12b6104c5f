using System.Globalization;
using Spatial.Api.Http.Html;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>
/// The printed report's words: both languages everywhere, the page's own first (Chinese by default), and the cells —
/// escaped, with "无 / none" where there is nothing to say.
/// </summary>
public sealed class ReportText(Language language)
{
    public Language Language => language;

    public string HtmlLang => language == Language.English ? "en" : "zh-CN";

    /// <summary>Both words as HTML, the page's language first, the other in grey.</summary>
    public string Both(string zh, string en) => language == Language.English
        ? $"{HtmlPage.E(en)} <span class=\"zh\">{HtmlPage.E(zh)}</span>"
        : $"{HtmlPage.E(zh)} <span class=\"en\">{HtmlPage.E(en)}</span>";

    /// <summary>Both words as plain text (a title).</summary>
    public string Plain(string zh, string en) => HtmlPage.E(language == Language.English ? $"{en} · {zh}" : $"{zh} · {en}");

    public string None => language == Language.English ? "none / 无" : "无 / none";

    public string Th(string zh, string en) => $"<th>{Both(zh, en)}</th>";

    /// <summary>A cell of text, or "无 / none" when there is none.</summary>
    public string Td(string? text, bool number = false) => string.IsNullOrWhiteSpace(text)
        ? $"<td class=\"none\">{None}</td>"
        : $"<td{(number ? " class=\"n\"" : "")}>{HtmlPage.E(text)}</td>";

    public string Row(string zh, string en, string? text) => $"<tr>{Th(zh, en)}{Td(text)}</tr>";

    public string RowHtml(string zh, string en, string html) => $"<tr>{Th(zh, en)}<td>{html}</td></tr>";

    public string Verdict(Verdict verdict) => verdict switch
    {
        Footprints.Verdict.Pass => Both("通过", "pass"),
        Footprints.Verdict.Warn => Both("注意", "warn"),
        _ => Both("不通过", "fail"),
    };

    /// <summary>A reason's weight: 严重 / serious (it fails the check), 注意 / warning, 提示 / note.</summary>
    public string Severity(Verdict severity) => severity switch
    {
        Footprints.Verdict.Fail => Both("严重", "serious"),
        Footprints.Verdict.Warn => Both("注意", "warning"),
        _ => Both("提示", "note"),
    };

    /// <summary>m² to 0.01, 公顷 to 0.0001, 亩 to 0.01 (1 亩 = 10000/15 m² exactly).</summary>
    public static string Area(Area area) => string.Create(CultureInfo.InvariantCulture,
        $"{area.SquareMetres:0.00} m² = {area.Hectares:0.0000} 公顷 = {area.Mu:0.00} 亩");
}
