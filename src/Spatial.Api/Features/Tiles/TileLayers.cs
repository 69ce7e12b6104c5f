using Spatial.Api.Features.Collections;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// A collection as a layer of a vector tile: named by the collection id, with the attributes a map needs to draw
/// and label it — <c>id</c>, the names, its category code (sector, category, kind, level, status) and
/// <c>geometry_source</c> (indicative outlines are drawn dashed). Everything else is one /items request away.
/// </summary>
public sealed record TileLayer(FeatureCollectionDefinition Collection, IReadOnlyList<FeatureProperty> Attributes)
{
    public string Name => Collection.Id;
}

public static class TileLayers
{
    private static readonly Dictionary<string, string[]> Attributes = new(StringComparer.Ordinal)
    {
        ["counties"] = ["name_zh", "name_en", "geometry_source"],
        ["water-bodies"] = ["name_zh", "name_en", "kind", "geometry_source"],
        ["rivers"] = ["name_zh", "name_en", "border_river", "geometry_source"],
        ["borders"] = ["name_zh", "name_en", "geometry_source"],
        ["ecological-areas"] = ["name_zh", "name_en", "kind", "geometry_source"],
        ["planting-zones"] = ["name_zh", "name_en", "category", "geometry_source"],
        ["industrial-parks"] = ["name_zh", "name_en", "level", "geometry_source"],
        ["projects"] = ["name_zh", "name_en", "sector", "status", "geometry_source"],
        ["enterprises"] = ["name_zh", "name_en", "sector", "geometry_source"],
    };

    /// <summary>Every collection, in the catalog's order (the plan's 图1 draws them bottom first).</summary>
    public static IReadOnlyList<TileLayer> All { get; } = CollectionCatalog.All
        .Select(c => new TileLayer(c, Attributes[c.Id].Select(name => c.Property(name)
            ?? throw new InvalidOperationException($"Tile attribute {name} is not a property of {c.Id}")).ToList()))
        .ToList();

    public static TileLayer? Find(string collectionId) => All.FirstOrDefault(l => l.Name == collectionId);
}
