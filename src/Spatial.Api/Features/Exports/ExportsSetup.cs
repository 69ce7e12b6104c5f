using Spatial.Api.Features.Collections;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Exports;

/// <summary>How many exports this process converts at once (<see cref="ExportOptions.MaxConcurrent"/>): each holds a connection, disk and a GDAL process.</summary>
public sealed class ExportSlots(ExportOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrent, options.MaxConcurrent);

    public int Count => options.MaxConcurrent;

    public bool TryEnter() => _slots.Wait(0);

    public void Leave() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}

public static class ExportsSetup
{
    public static IServiceCollection AddExports(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first used, so settings the host adds after Program.cs (tests, env) count.
        services.AddSingleton(_ => ExportOptions.From(configuration));
        services.AddSingleton<ExportSlots>();
        return services;
    }

    /// <summary>/items?f=gpkg|shp|kml|dxf, after the items request itself was checked: the export's own rules, then the file.</summary>
    public static IResult For(ItemsRequest items, IQueryCollection query) =>
        ExportRequest.TryParse(items, query, out var export) is { } error ? Problems.BadParameter(error) : new FileExportResult(export);
}
