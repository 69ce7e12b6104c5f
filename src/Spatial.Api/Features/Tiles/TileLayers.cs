using Spatial.Api.Features.Collections;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// A collection as a layer of a vector tile: named by the collection id, with the attributes a map needs to draw
/// and label it — <c>id</c>, the names, its category code (sector, category, kind, level, status) and
/// <c>geometry_source</c> (indicative outlines are drawn dashed). Everything else is one /items request away.
/// A layer whose features are specks at the overview carries their names only from <see cref="NamesFromZoom"/> on (a
/// WebMercatorQuad zoom; <see cref="TileMatrixSet.WebMercatorZoom"/> maps another set's matrices onto it).
/// </summary>
public sealed record TileLayer(FeatureCollectionDefinition Collection, IReadOnlyList<FeatureProperty> Attributes, int NamesFromZoom)
{
    private static readonly string[] Names = ["name_zh", "name_en"];

    public string Name => Collection.Id;

    /// <summary>The attributes its features carry in a tile of this zoom.</summary>
    public IEnumerable<FeatureProperty> AttributesAt(int zoom) =>
        zoom >= NamesFromZoom ? Attributes : Attributes.Where(a => !IsName(a));

    public static bool IsName(FeatureProperty attribute) => Names.Contains(attribute.Name, StringComparer.Ordinal);
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

    /// <summary>
    /// Below WebMercatorQuad zoom 11 (CGCS2000Quad matrix 10) a project's outline is a speck of a pixel or a few (the map stands a symbol over it, with its
    /// name in the popup read from the items): no map labels it, and its two names were two thirds of a dense tile's
    /// bytes (a z10 tile of 4 000 projects: 548 KB with them, 180 KB without) and a fifth of its time in PostgreSQL.
    /// </summary>
    private static readonly Dictionary<string, int> NamesFromZoom = new(StringComparer.Ordinal) { ["projects"] = 11 };

    /// <summary>Every collection, in the catalog's order (the plan's 图1 draws them bottom first).</summary>
    public static IReadOnlyList<TileLayer> All { get; } = CollectionCatalog.All
        .Select(c => new TileLayer(c, Attributes[c.Id].Select(name => c.Property(name)
            ?? throw new InvalidOperationException($"Tile attribute {name} is not a property of {c.Id}")).ToList(),
            NamesFromZoom.GetValueOrDefault(c.Id)))
        .ToList();

    public static TileLayer? Find(string collectionId) => All.FirstOrDefault(l => l.Name == collectionId);
}
