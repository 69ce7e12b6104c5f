namespace Spatial.Api.Http;

/// <summary>
/// HEAD wherever GET works (RFC 9110 §9.3.2): the request runs as the GET it stands for — the same status, headers,
/// ETag and 304 — and Kestrel, which knows the request line said HEAD, sends no body. Minimal APIs map GET only, so
/// without this every HEAD would be a 405.
/// </summary>
public static class HeadRequests
{
    /// <summary>Call before UseRouting, so the GET endpoint is the one chosen, and after the request log, which says HEAD.</summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await next(http);
                return;
            }
            http.Request.Method = HttpMethods.Get;
            try
            {
                await next(http);
            }
            finally
            {
                http.Request.Method = HttpMethods.Head;
            }
        });
        return app;
    }
}
