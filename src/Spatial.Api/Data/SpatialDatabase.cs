using Npgsql;
using Spatial.Api.Data.Replicas;

namespace Spatial.Api.Data;

/// <summary>
/// The database, as one pool per <see cref="DatabaseWork"/>. Every connection of a pool carries its
/// kind's <c>statement_timeout</c>, so PostgreSQL itself stops a statement that outlives its deadline,
/// even when the client that asked for it is gone. With hot standbys configured (ConnectionStrings:SpatialReplicas),
/// the reads that may come from them (<see cref="ReplicaReadable"/>) get pools of their own there; see <see cref="ReplicaReads"/>.
/// </summary>
public sealed class SpatialDatabase : IAsyncDisposable
{
    /// <summary>The kinds of work a standby can do: they only read.</summary>
    private static readonly DatabaseWork[] ReadOnlyWork = [DatabaseWork.Reads, DatabaseWork.FootprintChecks, DatabaseWork.Exports];

    private readonly Dictionary<DatabaseWork, NpgsqlDataSource> _pools;
    private readonly Dictionary<DatabaseWork, NpgsqlDataSource> _replicaPools;

    public SpatialDatabase(string connectionString, DatabaseWorkOptions options, string? replicasConnectionString = null)
    {
        ConnectionString = connectionString;
        _pools = Enum.GetValues<DatabaseWork>().ToDictionary(w => w, w => DatabaseSetup.CreateDataSource(connectionString, w, options.For(w)));
        _replicaPools = replicasConnectionString is null
            ? []
            : ReadOnlyWork.ToDictionary(w => w, w => DatabaseSetup.CreateDataSource(replicasConnectionString, w, options.For(w), "replica"));
    }

    public bool HasReplicas => _replicaPools.Count > 0;

    /// <summary>The standbys' pool of a kind of work, if there are standbys and the work can be done there.</summary>
    public NpgsqlDataSource? ReplicaFor(DatabaseWork work) => _replicaPools.GetValueOrDefault(work);

    /// <summary>The configured connection string, password included: for GDAL, which connects on its own (and gets the password by PGPASSWORD).</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource Admin => _pools[DatabaseWork.Admin];

    public NpgsqlDataSource For(DatabaseWork work) => _pools[work];

    /// <summary>
    /// The pool of the work this request's endpoint declared (see <see cref="Http.Limits.RequestDeadlines"/>): a standby's
    /// when the endpoint may read there and its client has written nothing the standby lacks, else the primary's.
    /// </summary>
    public NpgsqlDataSource For(HttpContext http)
    {
        var work = Http.Limits.RequestDeadlines.WorkOf(http);
        return _replicaPools.TryGetValue(work, out var replica) && http.GetEndpoint()?.Metadata.GetMetadata<ReplicaReadable>() is not null
               && http.Features.Get<PrimaryRequired>() is null
            ? replica
            : _pools[work];
    }

    /// <summary>Drops idle connections of every pool, e.g. after the server restarted and they are all dead.</summary>
    public void ClearAll()
    {
        foreach (var pool in _pools.Values.Concat(_replicaPools.Values)) pool.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools.Values.Concat(_replicaPools.Values)) await pool.DisposeAsync();
    }
}
