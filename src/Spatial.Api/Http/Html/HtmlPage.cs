using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Spatial.Api.Http.Html;

/// <summary>
/// The frame of the pages for people (OGC API – Features, HTML): the language, the head with the stylesheets and the
/// scripts served from web/ (never inline, so the strict Content-Security-Policy holds), a bar with the way back to the
/// landing page and the language switch, and escaping. Every name and value from the data goes through <see cref="E"/>.
/// </summary>
public sealed class HtmlPage
{
    // Markup characters are escaped; Chinese stays as text rather than becoming &#x…; entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly HttpRequest _request;
    private readonly StringBuilder _body = new();

    public HtmlPage(HttpRequest request, Language language)
    {
        _request = request;
        Language = language;
    }

    public Language Language { get; }

    /// <summary>The text in the page's language.</summary>
    public string T(string zh, string en) => Language == Language.English ? en : zh;

    // The embeddings, overrides and isolates of Unicode's bidirectional algorithm (U+202A–U+202E, U+2066–U+2069): escaped
    // as character references they are still the characters, and one in a name would reorder the text after it. The
    // marks (LRM U+200E, RLM U+200F, ALM U+061C) override nothing but carry a direction that the digits and punctuation
    // beside them take: an ALM before "12-34" makes it read "34-12".
    private static readonly SearchValues<char> BidiControls =
        SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C");

    /// <summary>
    /// Text (or an attribute value) escaped for HTML, each bidirectional control or mark shown as its code point ("[U+202E]"),
    /// so a name cannot reorder the text around it and a reader sees what the name holds.
    /// </summary>
    public static string E(string? text)
    {
        text ??= "";
        if (text.AsSpan().IndexOfAny(BidiControls) < 0) return Encoder.Encode(text);
        // Each control splits the text (none is half of a surrogate pair); the marker goes in after escaping, which would write its '+' as &#x2B;.
        var shown = new StringBuilder(text.Length + 16);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!BidiControls.Contains(text[i])) continue;
            shown.Append(Encoder.Encode(text[start..i])).Append(CultureInfo.InvariantCulture, $"[U+{(int)text[i]:X4}]");
            start = i + 1;
        }
        return shown.Append(Encoder.Encode(text[start..])).ToString();
    }

    /// <summary>A link to <paramref name="path"/> of this service (behind a proxy too: <see cref="Links"/>), as HTML in this page's language.</summary>
    public string Href(string path, QueryString query = default) =>
        Links.To(_request, path, Language == Language.English ? query.Add("lang", "en") : query);

    public HtmlPage Append(string html)
    {
        _body.Append(html);
        return this;
    }

    public HtmlPage Heading(string text) => Append($"<h1>{E(text)}</h1>");

    /// <summary>A list of links (href, text; each escaped).</summary>
    public HtmlPage LinkList(IEnumerable<(string Href, string Text)> links, string? id = null)
    {
        _body.Append(id is null ? "<ul>" : $"<ul id=\"{E(id)}\">");
        foreach (var (href, text) in links) _body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(href)}\">{E(text)}</a></li>");
        _body.Append("</ul>");
        return this;
    }

    /// <summary>The whole document; <paramref name="withMap"/> brings Leaflet and web/html/map.js.</summary>
    public string Render(string title, bool withMap)
    {
        var html = new StringBuilder();
        var lang = Language == Language.English ? "en" : "zh-CN";
        html.Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{E(title)} · Spatial</title><link rel=\"icon\" href=\"data:,\">");
        if (withMap) html.Append(CultureInfo.InvariantCulture, $"<link rel=\"stylesheet\" href=\"{E(Links.To(_request, "/vendor/leaflet/leaflet.css"))}\">");
        html.Append(CultureInfo.InvariantCulture, $"<link rel=\"stylesheet\" href=\"{E(Links.To(_request, "/html/pages.css"))}\">");
        if (withMap)
            html.Append(CultureInfo.InvariantCulture, $"<script src=\"{E(Links.To(_request, "/vendor/leaflet/leaflet.js"))}\" defer></script>")
                .Append(CultureInfo.InvariantCulture, $"<script src=\"{E(Links.To(_request, "/html/map.js"))}\" defer></script>");
        html.Append("</head><body><header class=\"bar\">")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"{E(Href("/", QueryString.Create("f", "html")))}\">Spatial · {E(T("鸡西市、绥芬河市生物经济规划", "Jixi and Suifenhe bio-economy plans"))}</a>")
            .Append(CultureInfo.InvariantCulture, $"<a id=\"language\" hreflang=\"{(Language == Language.English ? "zh-CN" : "en")}\" href=\"{E(OtherLanguage())}\">")
            .Append(Language == Language.English ? "中文" : "English").Append("</a></header><main>")
            .Append(_body).Append("</main></body></html>");
        return html.ToString();
    }

    /// <summary>This page in the other language: the same URL with lang=en added, or taken away.</summary>
    private string OtherLanguage() => Links.WithParameters(_request, new Dictionary<string, string?> { ["lang"] = Language == Language.English ? null : "en" });

    /// <summary>Writes <paramref name="html"/> as the answer (the default Content-Security-Policy applies).</summary>
    public static Task WriteAsync(HttpContext http, string html)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(html, http.RequestAborted);
    }
}
