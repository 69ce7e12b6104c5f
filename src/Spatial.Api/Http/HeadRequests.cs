namespace Spatial.Api.Http;

/// <summary>
/// HEAD wherever GET works (RFC 9110 §9.3.2): the request is routed as the GET it stands for — the same status, headers,
/// ETag and 304 — and Kestrel, which knows the request line said HEAD, sends no body. Minimal APIs map GET only, so
/// without this every HEAD would be a 405. Once the endpoint is chosen the request says HEAD again, so the metrics
/// count it as HEAD and a handler whose body is costly to make (an export file) can answer with its headers alone.
/// </summary>
public static class HeadRequests
{
    private static readonly object RoutedAsGet = new();

    /// <summary>
    /// Call right before UseRouting, so the GET endpoint is the one chosen: after the request log, which says HEAD, and
    /// after the web map, whose static files answer HEAD themselves without reading the file.
    /// </summary>
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
            http.Items[RoutedAsGet] = true;
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

    /// <summary>Call right after UseRouting: the GET endpoint is chosen, from here on the request is the HEAD it was.</summary>
    public static WebApplication UseHeadAfterRouting(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            if (http.Items.ContainsKey(RoutedAsGet)) http.Request.Method = HttpMethods.Head;
            return next(http);
        });
        return app;
    }
}
