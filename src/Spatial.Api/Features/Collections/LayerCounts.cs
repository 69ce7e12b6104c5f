using System.Collections.Concurrent;

namespace Spatial.Api.Features.Collections;

/// <summary>A layer's feature count as of one version of it.</summary>
public sealed record LayerCount(long Version, DateTimeOffset ChangedAt, long Count);

/// <summary>
/// Each layer's feature count, kept in process and keyed by the layer's version: numberMatched of a page of the
/// whole layer is exact without counting the layer for every request, and the count says whether counting the
/// features a filter matches is cheap. The version statement of each page counts the layer again only when its
/// version (or the time of it, should the database be made anew) is not the one counted.
/// </summary>
public sealed class LayerCounts(ItemsOptions options)
{
    private readonly ConcurrentDictionary<string, LayerCount> _counts = new(StringComparer.Ordinal);

    public LayerCount? Known(string table) => _counts.GetValueOrDefault(table);

    public void Remember(string table, LayerCount count) => _counts[table] = count;

    /// <summary>
    /// Whether a filtered page counts what it matches: when the layer holds at most
    /// <see cref="ItemsOptions.CountMatchedUpTo"/> features, or its size is not known yet (the first page after start).
    /// </summary>
    public bool CheapToCount(string table) => Known(table) is not { } known || known.Count <= options.CountMatchedUpTo;
}

/// <summary>Setting <c>Spatial:Items:CountMatchedUpTo</c>.</summary>
public sealed class ItemsOptions
{
    public const string Section = "Spatial:Items";

    /// <summary>
    /// Layers of at most this many features count what a filter matches (numberMatched); in larger ones a filtered
    /// page says numberMatched only when it is the first and last page at once.
    /// </summary>
    public long CountMatchedUpTo { get; set; } = 10_000;

    public static ItemsOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ItemsOptions>() ?? new ItemsOptions();
        if (options.CountMatchedUpTo < 0)
            throw new InvalidOperationException($"{Section}:CountMatchedUpTo must be 0 or more (found {options.CountMatchedUpTo}).");
        return options;
    }
}
