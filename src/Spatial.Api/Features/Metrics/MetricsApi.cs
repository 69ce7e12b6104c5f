using Prometheus;
using PrometheusMetrics = Prometheus.Metrics;
using Spatial.Api.Http;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Metrics;

/// <summary>GET /metrics in Prometheus's text format, for the networks of <see cref="MetricsSettings"/> only.</summary>
public static class MetricsApi
{
    public static IServiceCollection AddSpatialMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => MetricsAccess.From(configuration));
        services.AddSingleton<SpatialMetrics>();
        return services;
    }

    /// <summary>Request counts and durations labelled by route template and status (a fault by its problem's); call after UseRouting.</summary>
    public static WebApplication UseSpatialHttpMetrics(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<SpatialMetrics>().Registry;
        app.UseHttpMetrics(options => options.SetMetricFactory(PrometheusMetrics.WithCustomRegistry(registry)));
        app.UseEndpointFaultsAsProblems();
        return app;
    }

    public static void MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", Scrape).WithTags("Health").WithName("Metrics")
            .WithSummary("Prometheus metrics of this process (text format 0.0.4); Spatial:Metrics:AllowedNetworks may read them.")
            .Answers(200, "OK", "text/plain")
            .Problem(403, "The client's address (behind a trusted proxy, the forwarded one) is not in Spatial:Metrics:AllowedNetworks");

    private static async Task Scrape(HttpContext http, SpatialMetrics metrics, MetricsAccess access)
    {
        var client = http.Connection.RemoteIpAddress;
        if (!access.Allows(client))
        {
            await Problems.WriteAsync(http, StatusCodes.Status403Forbidden, "Forbidden",
                $"Metrics are served to the networks of {MetricsAccess.Section}:AllowedNetworks only, not to {client?.ToString() ?? "an unknown address"}.");
            return;
        }
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
    }
}
