using Npgsql;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// An ACCESS EXCLUSIVE lock on one table, held in an open transaction until disposed: any statement that
/// reads the table waits, which makes a slow statement on demand without changing any row. In EXCLUSIVE
/// mode reads go on and only writes to the table wait.
/// </summary>
internal sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<TableLock> TakeAsync(TestDatabase database, string table, string mode = "ACCESS EXCLUSIVE")
    {
        var connection = await database.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"LOCK TABLE {table} IN {mode} MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    /// <summary>One row held <c>FOR UPDATE</c>: a write of it waits until the lock is disposed, reads do not.</summary>
    public static async Task<TableLock> TakeRowAsync(TestDatabase database, string table, string id)
    {
        var connection = await database.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"SELECT 1 FROM {table} WHERE id = $1 FOR UPDATE", connection, transaction) { Parameters = { new() { Value = id } } };
        Assert.Equal(1, await command.ExecuteScalarAsync());
        return new TableLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _connection.DisposeAsync();
    }
}
