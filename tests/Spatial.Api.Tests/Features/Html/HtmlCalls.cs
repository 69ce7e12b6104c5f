using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Spatial.Api.Tests.Features.Html;

/// <summary>A page for people as a browser gets it: status, media type, headers and the markup, with its links decoded.</summary>
internal sealed partial record HtmlAnswer(HttpStatusCode Status, string? MediaType, HttpResponseMessage Response, string Html)
{
    [GeneratedRegex("""\shref="([^"]*)"(?:[^>]*)>""")]
    private static partial Regex Href();

    [GeneratedRegex("""<html lang="([^"]+)">""")]
    private static partial Regex HtmlLang();

    /// <summary>Every href of the page (stylesheets and links), as the browser reads them: entities decoded.</summary>
    public List<string> Links => Href().Matches(Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Where(h => !h.StartsWith("data:", StringComparison.Ordinal)).ToList();

    /// <summary>The href of the link with this rel (paging links say rel="next", "prev", "first").</summary>
    public string? Rel(string rel) =>
        Regex.Match(Html, $"""<a rel="{rel}" href="([^"]*)">""") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public string Language => HtmlLang().Match(Html).Groups[1].Value;
}

internal static class HtmlCalls
{
    /// <summary>What Chromium sends when it opens a page.</summary>
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    public static async Task<HtmlAnswer> GetHtmlAsync(this HttpClient client, string url, string accept = BrowserAccept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Headers.Accept.ParseAdd(accept);
        var response = await client.SendAsync(request);
        return new HtmlAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response, await response.Content.ReadAsStringAsync());
    }

    public static async Task<HttpResponseMessage> GetAcceptingAsync(this HttpClient client, string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        return await client.SendAsync(request);
    }
}
