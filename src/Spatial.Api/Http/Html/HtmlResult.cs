namespace Spatial.Api.Http.Html;

/// <summary>A page for people, written whole (the default Content-Security-Policy applies: its scripts and styles are files).</summary>
public sealed class HtmlResult(string html) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => HtmlPage.WriteAsync(httpContext, html);
}
