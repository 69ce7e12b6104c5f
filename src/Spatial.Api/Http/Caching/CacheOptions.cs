namespace Spatial.Api.Http.Caching;

/// <summary>Settings <c>Spatial:Cache:…</c> of the in-process response cache (tiles, pages and features).</summary>
public sealed class CacheOptions
{
    public const string Section = "Spatial:Cache";

    /// <summary>Bytes the cache may hold, bodies and bookkeeping; the least recently used go first. 0 turns it off.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>A larger body is served but not kept.</summary>
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    public static CacheOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<CacheOptions>() ?? new CacheOptions();
        if (options.MaxBytes < 0) throw new InvalidOperationException($"{Section}:MaxBytes must be 0 (off) or more (found {options.MaxBytes}).");
        if (options.MaxEntryBytes < 0) throw new InvalidOperationException($"{Section}:MaxEntryBytes must be 0 or more (found {options.MaxEntryBytes}).");
        return options;
    }
}
