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

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _connection.DisposeAsync();
    }
}
