using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Spatial.Api.Http.Caching;

/// <summary>
/// Brotli and gzip, at their fastest levels, for the API's text and tiles when the client sends Accept-Encoding
/// (ASP.NET's response compression; over HTTP only, as it is by default: TLS ends in front of the service), with
/// <see cref="EncodedEntityTags"/> so that each coding of a body has a strong ETag of its own.
/// </summary>
public static class CompressionSetup
{
    public static readonly string[] MediaTypes =
    [
        "application/json", "application/geo+json", "application/problem+json", "text/csv", "text/html", Features.Tiles.TileRequest.MediaType,
    ];

    public static IServiceCollection AddSpatialCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = MediaTypes;
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }

    public static WebApplication UseSpatialCompression(this WebApplication app)
    {
        app.UseEncodedEntityTags();
        app.UseResponseCompression();
        return app;
    }
}
