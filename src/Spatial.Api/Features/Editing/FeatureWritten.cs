using System.Text;

namespace Spatial.Api.Features.Editing;

/// <summary>The feature as stored after a write (CRS84), with its new strong ETag, and Location for a new one.</summary>
public sealed class FeatureWritten(int status, string feature, string etag, string? location) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext;
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/geo+json";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["Content-Crs"] = $"<{Spatial.Geo.CrsReference.Crs84Uri}>";
        if (location is not null) http.Response.Headers.Location = location;
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(feature), httpContext.RequestAborted);
    }
}
