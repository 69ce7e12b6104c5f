using Spatial.Api.Http;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// <c>collections</c> of the tiles of several collections (OGC API – Tiles collections-selection): collection ids or
/// their URLs (…/collections/{id}), comma-separated. The layers come in the catalog's order whatever the order
/// asked, so one set of collections is one tile (and one cache entry); absent is every collection.
/// </summary>
public static class CollectionsParameter
{
    public static ParameterError? Parse(string? value, out IReadOnlyList<TileLayer> layers)
    {
        layers = TileLayers.All;
        if (value is null) return null;
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var id = Uri.TryCreate(item, UriKind.Absolute, out var uri) && uri.AbsolutePath.TrimEnd('/') is var path
                     && path.LastIndexOf("/collections/", StringComparison.Ordinal) is >= 0 and var at
                ? Uri.UnescapeDataString(path[(at + "/collections/".Length)..])
                : item;
            if (TileLayers.Find(id) is null)
                return new ParameterError("collections", $"'{item}' is not a collection; use ids (or their URLs) of {string.Join(", ", TileLayers.All.Select(l => l.Name))}, comma-separated");
            asked.Add(id);
        }
        layers = TileLayers.All.Where(l => asked.Contains(l.Name)).ToList();
        return null;
    }
}
