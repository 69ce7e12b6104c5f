using Spatial.Api.Data.Changes;

namespace Spatial.Api.Http.Caching;

public static class CachingSetup
{
    /// <summary>The response cache and the listener that keeps it true (one per process).</summary>
    public static IServiceCollection AddResponseCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => CacheOptions.From(configuration));
        services.AddSingleton<ResponseCache>();
        services.AddHostedService<LayerChangeListener>();
        return services;
    }
}
