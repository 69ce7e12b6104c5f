using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Spatial.Api.Http;

/// <summary>
/// Browser protections on every response — the map, the API's JSON and its problem responses alike:
/// a strict Content-Security-Policy, no sniffing, no framing by other sites, no full URLs in referrers,
/// and no Server header naming the stack.
/// </summary>
public static class SecurityHeaders
{
    // Scripts, styles, fonts and requests only from this service: the map and its npm packages are served
    // here, never from a CDN. Images may also be data: (Geoman's CSS icons, the page's empty favicon) and
    // the basemap tiles of web/app/basemaps.js: OpenStreetMap, 天地图 (t0–t7) and 高德 (webrd01–04).
    private const string TileHosts = "https://tile.openstreetmap.org https://*.tianditu.gov.cn https://*.is.autonavi.com";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: " + TileHosts + "; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>The policy, also allowing the one inline stylesheet <paramref name="css"/> by its SHA-256.</summary>
    public static string ContentSecurityPolicyWithStyle(string css) =>
        ContentSecurityPolicy.Replace("style-src 'self'",
            $"style-src 'self' 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)))}'", StringComparison.Ordinal);

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            // Set as the headers leave: the exception handler clears the response's headers before it
            // writes a 500, and a page the server writes whole may bring its own policy.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "SAMEORIGIN";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
