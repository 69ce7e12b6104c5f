using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Spatial.Api.Http;

/// <summary>
/// ETag / Last-Modified from a layer's version (bumped by every write), and the 304 decision.
/// ETags are weak: equal versions give equal data, but the body's timeStamp differs per response.
/// </summary>
public static class ConditionalGet
{
    /// <summary>
    /// This build: deterministic builds give the same id to the same source, so a new release gets new ETags (its
    /// documents may differ without any write: a second tile matrix set, a new property) and a restart keeps them.
    /// </summary>
    public static readonly string Build = typeof(ConditionalGet).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    // Likewise for If-Modified-Since alone: no date sent is older than this process, which may be a new release.
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    public static string ETag(string scope, string version, string variant) =>
        $"W/\"{scope}-{version}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Build}\n{variant}")))[..12]}\"";

    /// <summary>Whether the request carries a validator (If-None-Match or If-Modified-Since), so a 304 is possible at all.</summary>
    public static bool IsConditional(HttpRequest request) =>
        !StringValues.IsNullOrEmpty(request.Headers.IfNoneMatch) || !StringValues.IsNullOrEmpty(request.Headers.IfModifiedSince);

    /// <summary>Sets the validators; true when the client's copy is current (answer 304).</summary>
    public static bool NotModified(HttpContext http, string etag, DateTimeOffset lastModified)
    {
        if (lastModified < Started) lastModified = Started;
        var seconds = new DateTimeOffset(lastModified.UtcTicks - lastModified.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.LastModified = seconds.ToString("R", CultureInfo.InvariantCulture);
        headers.CacheControl = "no-cache";
        var request = http.Request.GetTypedHeaders();
        if (request.IfNoneMatch.Count > 0)
            return request.IfNoneMatch.Any(tag => tag == EntityTagHeaderValue.Any || tag.Compare(EntityTagHeaderValue.Parse(etag), useStrongComparison: false));
        return request.IfModifiedSince is { } since && seconds <= since;
    }
}
