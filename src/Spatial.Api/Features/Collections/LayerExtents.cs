using System.Collections.Concurrent;
using Npgsql;

namespace Spatial.Api.Features.Collections;

/// <summary>A layer's version, its title and its extent (CRS84 = storage longitude/latitude; null while it has no geometry).</summary>
public sealed record LayerMetadata(string Id, long Version, DateTimeOffset ChangedAt, double[]? Bbox, string Title);

/// <summary>
/// The metadata of /collections and /collections/{id}. Versions and titles are read on every call (one small
/// statement on layer_versions and layers); a layer's extent — ST_Extent over all its rows — only when its version
/// is not the one whose extent this process keeps.
/// </summary>
public sealed class LayerExtents
{
    private sealed record Extent(long Version, DateTimeOffset ChangedAt, double[]? Bbox);

    private readonly ConcurrentDictionary<string, Extent> _extents = new(StringComparer.Ordinal);

    private const string VersionsSql = """
        SELECT v.layer, v.version, v.changed_at, coalesce(l.title, v.layer)
        FROM layer_versions v LEFT JOIN layers l ON l.table_name = v.layer WHERE v.layer = ANY($1)
        """;

    // The version is read with the extent, in one snapshot, so an extent is never kept under a version it does not show.
    private static string ExtentsSql(IEnumerable<FeatureCollectionDefinition> collections) => string.Join("\nUNION ALL\n",
        collections.Select(c => $"""
            SELECT '{c.Table}', v.version, v.changed_at, ST_XMin(x.e), ST_YMin(x.e), ST_XMax(x.e), ST_YMax(x.e)
            FROM layer_versions v, (SELECT ST_Extent(geom)::geometry AS e FROM {c.Table}) x WHERE v.layer = '{c.Table}'
            """));

    /// <summary>The versions and titles of <paramref name="collections"/>, in their order, without extents yet.</summary>
    public static async Task<List<LayerMetadata>> ReadVersionsAsync(
        NpgsqlConnection connection, IReadOnlyList<FeatureCollectionDefinition> collections, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(VersionsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. collections.Select(c => c.Table)] });
        var found = new Dictionary<string, LayerMetadata>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                found[reader.GetString(0)] = new LayerMetadata("", reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), null, reader.GetString(3));
        return [.. collections.Select(c => found[c.Table] with { Id = c.Id })];
    }

    /// <summary><paramref name="layers"/> with their extents: kept ones as they are, the others read (in one statement) and kept.</summary>
    public async Task<List<LayerMetadata>> WithExtentsAsync(
        NpgsqlConnection connection, IReadOnlyList<LayerMetadata> layers, CancellationToken cancellationToken)
    {
        var stale = layers.Select(l => CollectionCatalog.Find(l.Id)!)
            .Zip(layers, (c, l) => (Collection: c, Layer: l))
            .Where(x => !_extents.TryGetValue(x.Collection.Table, out var kept) || kept.Version != x.Layer.Version || kept.ChangedAt != x.Layer.ChangedAt)
            .Select(x => x.Collection).ToList();
        if (stale.Count > 0)
        {
            await using var command = new NpgsqlCommand(ExtentsSql(stale), connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                _extents[reader.GetString(0)] = new Extent(reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : [reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)]);
        }
        return [.. layers.Select(l => l with { Bbox = _extents[CollectionCatalog.Find(l.Id)!.Table].Bbox })];
    }
}
