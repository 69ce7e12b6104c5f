namespace Spatial.Api.Features.Collections;

public static class CollectionsSetup
{
    /// <summary>What the collections keep in process: layer counts and extents, each keyed by the layer's version.</summary>
    public static IServiceCollection AddCollections(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first used, so settings the host adds after Program.cs (tests, env) count.
        services.AddSingleton(_ => ItemsOptions.From(configuration));
        services.AddSingleton<LayerCounts>();
        services.AddSingleton<LayerExtents>();
        return services;
    }
}
