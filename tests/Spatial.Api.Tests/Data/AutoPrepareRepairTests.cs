using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

/// <summary>
/// The Npgsql 10 fault behind auto-prepare's "unexpected DataRow" (bench/NpgsqlAutoPrepareRepro) on a reads pool, and
/// the repair the read paths apply. 10 / $1 with $1 = 0 fails while PostgreSQL plans it, i.e. at Bind, on the run on
/// which Npgsql prepares it (the second).
/// </summary>
public sealed class AutoPrepareRepairTests
{
    private const string Division = "SELECT 10 / $1";

    private static async Task<int> DivideAsync(NpgsqlConnection connection, int divisor)
    {
        await using var command = new NpgsqlCommand(Division, connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = divisor });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task FailWhilePreparingAsync(NpgsqlConnection connection)
    {
        Assert.Equal(2, await DivideAsync(connection, 5));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => DivideAsync(connection, 0));
        Assert.Equal(PostgresErrorCodes.DivisionByZero, refused.SqlState);
    }

    [Fact]
    public async Task Without_the_repair_the_next_run_of_a_statement_whose_preparing_run_failed_at_bind_breaks_the_connection()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var pool = DatabaseSetup.CreateDataSource(database.ConnectionString, DatabaseWork.Reads);
        await using var connection = await pool.OpenConnectionAsync();
        await FailWhilePreparingAsync(connection);

        // When this stops failing, Npgsql has fixed it: AutoPrepare.ForgetAfterFailure and this class can go.
        var broken = await Assert.ThrowsAnyAsync<Exception>(() => DivideAsync(connection, 2));
        Assert.Contains("unexpected backend message DataRow", broken.Message, StringComparison.Ordinal);
        Assert.Equal(System.Data.ConnectionState.Broken, connection.FullState);
    }

    [Fact]
    public async Task After_the_repair_the_statement_answers_on_the_same_connection_and_is_prepared_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var pool = DatabaseSetup.CreateDataSource(database.ConnectionString, DatabaseWork.Reads);
        await using var connection = await pool.OpenConnectionAsync();
        var backend = connection.ProcessID;
        await FailWhilePreparingAsync(connection);

        AutoPrepare.ForgetAfterFailure(connection);

        for (var run = 0; run < 3; run++) Assert.Equal(5, await DivideAsync(connection, 2));
        Assert.Equal(backend, connection.ProcessID);
        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", connection);
        prepared.Parameters.Add(new NpgsqlParameter { Value = Division });
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }
}
