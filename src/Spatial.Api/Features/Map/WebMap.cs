using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Map;

/// <summary>
/// Serves the Leaflet front end from web/: the page at / for browsers, its modules under /app, the scripts and styles
/// of the pages for people under /html (web/html) and the npm packages they use under /vendor — never from a CDN, so the map works on an intranet without internet.
/// </summary>
public static class WebMap
{
    private static readonly (string Path, string Folder)[] Vendor =
    [
        ("/vendor/leaflet", "node_modules/leaflet/dist"),
        ("/vendor/geoman", "node_modules/@geoman-io/leaflet-geoman-free/dist"),
        ("/vendor/gcoord", "node_modules/gcoord/dist"),
        ("/vendor/pbf", "node_modules/pbf/dist"),
    ];

    /// <summary>The web folder: Spatial:WebRoot, else the nearest web/index.html above the content root.</summary>
    public static string? FindWebRoot(IConfiguration configuration, string contentRoot)
    {
        if (configuration["Spatial:WebRoot"] is { Length: > 0 } configured) return Path.GetFullPath(configured);
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "web", "index.html"))) return Path.Combine(directory.FullName, "web");
        return null;
    }

    public static WebApplication UseWebMap(this WebApplication app)
    {
        if (FindWebRoot(app.Configuration, app.Environment.ContentRootPath) is not { } root) return app;
        Serve(app, "/app", Path.Combine(root, "app"));
        Serve(app, "/html", Path.Combine(root, "html"));
        foreach (var (path, folder) in Vendor) Serve(app, path, Path.Combine(root, folder));
        var index = Path.Combine(root, "index.html");
        // Browsers asking for / get the map; API clients (Accept: application/json, or ?f=json) the landing page, and
        // ?f=html the landing page for people (Features/Landing/LandingHtml.cs), which links the map.
        app.Use(async (http, next) =>
        {
            var method = http.Request.Method;
            if (http.Request.Path == "/" && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && WantsHtml(http.Request))
            {
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.Headers.CacheControl = "no-cache";
                // HEAD (seen here before UseHeadAsGet): the headers of the GET without reading the file.
                if (!HttpMethods.IsHead(method)) await http.Response.SendFileAsync(index, http.RequestAborted);
                return;
            }
            await next(http);
        });
        return app;
    }

    private static bool WantsHtml(HttpRequest request) => request.Query["f"].ToString().Length == 0 && HtmlNegotiation.PrefersHtml(request);

    private static void Serve(WebApplication app, string requestPath, string folder)
    {
        if (!Directory.Exists(folder)) return;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = requestPath,
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }
}
