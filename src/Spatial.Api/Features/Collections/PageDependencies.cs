using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// The tables a page or a feature of a collection is made from, each with a row in <c>layer_versions</c> that every
/// write bumps (and announces, schema 007): the layer itself, <c>layers</c> (the collection's title in the links) and
/// the lookup tables its properties join (county names from <c>counties</c>, sector and category names).
/// </summary>
public static partial class PageDependencies
{
    // Joins are written "LEFT JOIN <table> <alias> ON …" in CollectionCatalog; a join that is not fails at start-up.
    [GeneratedRegex(@"^LEFT JOIN (?<table>[a-z_]+) [a-z_]+ ON ")]
    private static partial Regex JoinedTable();

    private static readonly Dictionary<string, string[]> TablesOf = CollectionCatalog.All.ToDictionary(c => c.Id, c =>
        (string[])[.. c.Properties.Select(p => p.Join).OfType<string>().Distinct()
            .Select(join => JoinedTable().Match(join) is { Success: true } m ? m.Groups["table"].Value
                : throw new InvalidOperationException($"cannot tell the table of the join '{join}'"))
            .Append(c.Table).Append("layers").Distinct().Order(StringComparer.Ordinal)]);

    /// <summary>The tables, in ordinal order (the order of the versions in <see cref="VersionsSql"/>).</summary>
    public static IReadOnlyList<string> Tables(FeatureCollectionDefinition collection) => TablesOf[collection.Id];

    /// <summary>The columns of <see cref="VersionsSql"/>.</summary>
    public const int VersionColumns = 2;

    /// <summary>
    /// <see cref="VersionColumns"/> columns for a statement that reads the collection: the versions of <see cref="Tables"/> and when the newest
    /// of them changed, read in the statement's own snapshot, so they are the versions of the very rows it returns.
    /// The table names come from the catalog, never from a request.
    /// </summary>
    public static string VersionsSql(FeatureCollectionDefinition collection)
    {
        var names = "'{" + string.Join(",", Tables(collection)) + "}'::text[]";
        return $"""
            ARRAY(SELECT d.version FROM layer_versions d WHERE d.layer = ANY({names}) ORDER BY d.layer COLLATE "C") AS dependency_versions,
            (SELECT max(d.changed_at) FROM layer_versions d WHERE d.layer = ANY({names})) AS dependencies_changed_at
            """;
    }

    /// <summary>
    /// Where a change makes a page stale. A page with a bbox (lon/lat or lat/lon) holds only features that intersect
    /// it — whatever its filter, order or cursor — so a change of the layer whose rows were and are outside the bbox
    /// cannot change it. Without a bbox, or with a projected one, any change of the layer can. The lookup tables and
    /// <c>layers</c> have no geometry: any change of them counts.
    /// </summary>
    public static IReadOnlyList<CacheDependency> Of(ItemsRequest request) =>
        Of(request.Collection, request.Bbox is { Crs.Geographic: true } bbox ? LonLat(bbox) : null);

    /// <summary>A single feature depends on its whole layer: a feature without geometry changes without a box to say where.</summary>
    public static IReadOnlyList<CacheDependency> Of(FeatureCollectionDefinition collection) => Of(collection, null);

    private static List<CacheDependency> Of(FeatureCollectionDefinition collection, Envelope? area) =>
        [.. Tables(collection).Select(table => new CacheDependency(table, table == collection.Table ? area : null))];

    private static Envelope LonLat(BoundingBox bbox)
    {
        var envelope = bbox.Crs.AxesSwapped
            ? new Envelope(bbox.MinB, bbox.MaxB, bbox.MinA, bbox.MaxA)
            : new Envelope(bbox.MinA, bbox.MaxA, bbox.MinB, bbox.MaxB);
        // A hair wider than asked, so that no rounding between this double and PostGIS's can leave out a feature it touches.
        envelope.ExpandBy(1e-7);
        return envelope;
    }
}
