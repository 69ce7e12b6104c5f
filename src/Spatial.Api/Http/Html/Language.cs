using Microsoft.Net.Http.Headers;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Http.Html;

/// <summary>The language of a page for people: Chinese unless <c>lang=en</c>.</summary>
public enum Language { Chinese, English }

/// <summary>What a request asks for: <c>f</c>, else a browser's Accept; and in which language.</summary>
public static class HtmlNegotiation
{
    public const string LanguageParameter = "lang";

    /// <summary><c>lang</c> as the API definition describes it.</summary>
    public static readonly ApiParameter LanguageDocumented = ApiParameter.Query(LanguageParameter, "f=html: the page's language", @enum: ["zh", "en"]);

    /// <summary><c>f</c> and <c>lang</c> of a resource that is also a page for people.</summary>
    public static readonly ApiParameter[] Parameters =
        [ApiParameter.Query("f", "format (without f, a browser's Accept: text/html gets html)", @enum: ["json", "html"]), LanguageDocumented];

    /// <summary>
    /// <c>f</c> as <see cref="ParameterChecks.Format(IQueryCollection, IReadOnlyList{OutputFormat}, out OutputFormat)"/> reads it;
    /// without it, HTML when it is offered and the Accept header puts text/html first (what a browser sends). An answer so
    /// chosen differs by Accept, and says so (Vary), so a cache in between keeps the HTML and the JSON apart.
    /// </summary>
    public static ParameterError? Format(HttpContext http, IReadOnlyList<OutputFormat> offered, out OutputFormat format)
    {
        if (ParameterChecks.Format(http.Request.Query, offered, out format) is { } error) return error;
        if (ParameterChecks.Single(http.Request.Query, "f") is { Length: > 0 } || !offered.Contains(OutputFormat.Html)) return null;
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Accept);
        if (PrefersHtml(http.Request)) format = OutputFormat.Html;
        return null;
    }

    /// <summary>Whether the media type the client ranks first is text/html.</summary>
    public static bool PrefersHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault() is { } best
        && best.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>lang</c>: zh (the default) or en.</summary>
    public static ParameterError? Language(IQueryCollection query, out Language language)
    {
        language = Html.Language.Chinese;
        switch (ParameterChecks.Single(query, LanguageParameter))
        {
            case null or "" or "zh" or "zh-CN": return null;
            case "en":
                language = Html.Language.English;
                return null;
            case var other: return new ParameterError(LanguageParameter, $"'{other}' is not a language of these pages; use zh or en");
        }
    }
}
