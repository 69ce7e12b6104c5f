using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Spatial.Api.Http.Limits;

/// <summary>
/// The sizes of a request's target and headers. Kestrel refuses oversized ones with an empty body before any
/// middleware runs, so its limits are set well above ours and this middleware refuses at ours, as problems.
/// </summary>
public static class RequestSizes
{
    // A CQL2 filter with a polygon literal of a thousand vertices is tens of KiB in a GET, percent-encoded;
    // the filter parser has its own bound (32 768 characters), which this must leave room for.
    public const int MaxTargetBytes = 64 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    public static IServiceCollection AddRequestSizes(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = 2 * MaxTargetBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 4 * MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = 4 * MaxHeaderCount;
        });

    public static WebApplication UseRequestSizes(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
            if (target > MaxTargetBytes)
            {
                await Problems.WriteAsync(http, StatusCodes.Status414UriTooLong, "URI too long", string.Create(CultureInfo.InvariantCulture,
                    $"The path and query are {target} characters; at most {MaxTargetBytes} are read. Send a long filter as CQL2 JSON in a shorter form, or narrow it."));
                return;
            }
            var headerBytes = request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);
            if (request.Headers.Count > MaxHeaderCount || headerBytes > MaxHeaderBytes)
            {
                await Problems.WriteAsync(http, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Headers too large", string.Create(CultureInfo.InvariantCulture,
                    $"headers: {request.Headers.Count} headers of {headerBytes} bytes; at most {MaxHeaderCount} headers and {MaxHeaderBytes} bytes are read."));
                return;
            }
            await next(http);
        });
        return app;
    }
}
