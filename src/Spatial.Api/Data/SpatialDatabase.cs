using Npgsql;

namespace Spatial.Api.Data;

/// <summary>
/// The database, as one pool per <see cref="DatabaseWork"/>. Every connection of a pool carries its
/// kind's <c>statement_timeout</c>, so PostgreSQL itself stops a statement that outlives its deadline,
/// even when the client that asked for it is gone.
/// </summary>
public sealed class SpatialDatabase : IAsyncDisposable
{
    private readonly Dictionary<DatabaseWork, NpgsqlDataSource> _pools;

    public SpatialDatabase(string connectionString, DatabaseWorkOptions options)
    {
        ConnectionString = connectionString;
        _pools = Enum.GetValues<DatabaseWork>().ToDictionary(w => w, w => DatabaseSetup.CreateDataSource(connectionString, w, options.For(w)));
    }

    /// <summary>The configured connection string, password included: for GDAL, which connects on its own (and gets the password by PGPASSWORD).</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource Admin => _pools[DatabaseWork.Admin];

    public NpgsqlDataSource For(DatabaseWork work) => _pools[work];

    /// <summary>The pool of the work this request's endpoint declared (see <see cref="Http.Limits.RequestDeadlines"/>).</summary>
    public NpgsqlDataSource For(HttpContext http) => _pools[Http.Limits.RequestDeadlines.WorkOf(http)];

    /// <summary>Drops idle connections of every pool, e.g. after the server restarted and they are all dead.</summary>
    public void ClearAll()
    {
        foreach (var pool in _pools.Values) pool.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools.Values) await pool.DisposeAsync();
    }
}
