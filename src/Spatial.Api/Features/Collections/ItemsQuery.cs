using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Features.Collections;

/// <summary>A layer's version, its title and its feature count at that version, and the version of the titles (of <c>layers</c>).</summary>
public sealed record LayerState(long Version, DateTimeOffset ChangedAt, string Title, long Count, long TitlesVersion)
{
    /// <summary>
    /// Whether this state (read by the batch's first statement) and the rows with <paramref name="made"/> (its second)
    /// saw the same layer and titles: each statement has a snapshot of its own, and a write may commit between them.
    /// </summary>
    public bool SameAs(DependencyVersions made, string table) =>
        made.Versions[table] == Version && made.Versions["layers"] == TitlesVersion;
}

/// <summary>
/// The database side of /items and /items/{id}. A request that the cache may answer, or a conditional one (If-None-Match,
/// If-Modified-Since), first reads the versions alone — a statement that reads neither the layer nor its indexes — so a
/// kept page or a client whose copy is current is answered without the features being read. Otherwise the version and
/// the features come in one round trip.
/// </summary>
internal static class ItemsQuery
{
    // CASE runs the count (an InitPlan, evaluated on first use) only when the layer's version is not the one counted before.
    private static readonly Dictionary<string, string> VersionAndCountSql = CollectionCatalog.All.ToDictionary(c => c.Table, c => $"""
        SELECT v.version, v.changed_at, coalesce(l.title, v.layer),
               CASE WHEN v.version = $2 AND v.changed_at = $3 THEN $4 ELSE (SELECT count(*) FROM {c.Table}) END,
               (SELECT t.version FROM layer_versions t WHERE t.layer = 'layers')
        FROM layer_versions v LEFT JOIN layers l ON l.table_name = v.layer WHERE v.layer = $1
        """);

    // Whether the feature exists (a missing one is a 404 whatever the client's validators say) and its last version.
    private static readonly Dictionary<string, string> FeatureVersionSql = CollectionCatalog.All.ToDictionary(c => c.Table, c => $"""
        SELECT v.version, v.changed_at, EXISTS (SELECT FROM {c.Table} t WHERE {c.IdSql} = $2),
               (SELECT max(h.version)::bigint FROM feature_history h WHERE h.layer = $1 AND h.feature_id = $2)
        FROM layer_versions v WHERE v.layer = $1
        """);

    /// <summary>
    /// Done when <paramref name="answered"/> answered (from the cache, or 304 from what <see cref="FeatureVersionAsync"/>
    /// or the versions read; asked only when the request is conditional or the cache is on); else the layer state and the features of <paramref name="sql"/> in one
    /// batch, on a connection taken once the slot is, that <paramref name="respond"/> reads from. The batch runs in a slot of the <see cref="ReadGate"/>,
    /// which <paramref name="respond"/> releases once it has read the rows or before the first bytes go to the client,
    /// whichever comes first. The connection and the slot are given back however this ends (success, database error, cancellation).
    /// </summary>
    /// <remarks>
    /// The version statements of <paramref name="answered"/> read a few rows of layer_versions by its key and run outside
    /// the gate: a cache hit or a 304 then never waits behind the pages being made, and never holds a slot while its
    /// bytes go to the client.
    /// </remarks>
    public static async Task RunAsync(HttpContext http, FeatureCollectionDefinition collection, ReadStatement kind, string sql, SqlParameters parameters,
        Func<NpgsqlConnection, Task<bool>> answered, Func<NpgsqlDataReader, LayerState, ReadGate.Slot, Task> respond)
    {
        var dataSource = http.RequestServices.GetRequiredService<SpatialDatabase>().For(http);
        // Only a conditional request or one the cache may hold can be answered without the statement. The connection of that
        // check goes back before the gate: a request waiting there holds none, so waiting pages cannot take the
        // connections a lookup, an API key or /health/ready needs.
        if (ConditionalGet.IsConditional(http.Request) || http.RequestServices.GetRequiredService<ResponseCache>().Enabled)
        {
            await using var check = await dataSource.OpenConnectionAsync(http.RequestAborted);
            if (await answered(check)) return;
        }
        using var slot = await http.RequestServices.GetRequiredService<ReadGate>().EnterAsync(http, kind);
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        var counts = http.RequestServices.GetRequiredService<LayerCounts>();
        var known = counts.Known(collection.Table);
        NpgsqlBatch NewBatch()
        {
            var batch = new NpgsqlBatch(connection);
            var version = new NpgsqlBatchCommand(VersionAndCountSql[collection.Table]);
            version.Parameters.Add(new NpgsqlParameter { Value = collection.Table });
            version.Parameters.Add(new NpgsqlParameter<long> { TypedValue = known?.Version ?? -1 });
            version.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = known?.ChangedAt ?? DateTimeOffset.UnixEpoch });
            version.Parameters.Add(new NpgsqlParameter<long> { TypedValue = known?.Count ?? 0 });
            var items = new NpgsqlBatchCommand(sql);
            parameters.AddTo(items.Parameters);
            batch.BatchCommands.Add(version);
            batch.BatchCommands.Add(items);
            return batch;
        }
        var (batch, reader, layer) = await ExecuteAsync(connection, NewBatch, http.RequestAborted);
        await using (batch)
        await using (reader)
        {
            if (known?.Version != layer.Version || known.ChangedAt != layer.ChangedAt)
                counts.Remember(collection.Table, new LayerCount(layer.Version, layer.ChangedAt, layer.Count));
            await respond(reader, layer, slot);
        }
    }

    /// <summary>
    /// Runs a new batch and reads the layer state, positioned on the features. A statement this connection keeps
    /// prepared whose result columns a schema change altered fails once with 0A000 ("cached plan must not change result
    /// type"); Npgsql then forgets it, and a batch made anew — nothing of the response written yet — is prepared again.
    /// Any other failure leaves the connection's prepared statements forgotten (<see cref="AutoPrepare.ForgetAfterFailure"/>).
    /// </summary>
    private static async Task<(NpgsqlBatch Batch, NpgsqlDataReader Reader, LayerState Layer)> ExecuteAsync(
        NpgsqlConnection connection, Func<NpgsqlBatch> newBatch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var batch = newBatch();
            NpgsqlDataReader? reader = null;
            try
            {
                reader = await batch.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var layer = new LayerState(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4));
                await reader.NextResultAsync(cancellationToken);
                return (batch, reader, layer);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.FeatureNotSupported && attempt == 1)
            {
                if (reader is not null) await reader.DisposeAsync();
                await batch.DisposeAsync();
            }
            catch (Exception e)
            {
                if (reader is not null) await reader.DisposeAsync();
                await batch.DisposeAsync();
                if (AutoPrepare.MayHaveBrokenPreparation(e)) AutoPrepare.ForgetAfterFailure(connection);
                throw;
            }
        }
    }

    /// <summary>The layer's version, whether the feature exists, and the feature's own version (null when it has no history).</summary>
    public static async Task<(long Version, DateTimeOffset ChangedAt, bool Exists, long? FeatureVersion)> FeatureVersionAsync(
        NpgsqlConnection connection, FeatureCollectionDefinition collection, string featureId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(FeatureVersionSql[collection.Table], connection);
        command.Parameters.Add(new NpgsqlParameter { Value = collection.Table });
        command.Parameters.Add(new NpgsqlParameter { Value = featureId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt64(3));
    }
}
