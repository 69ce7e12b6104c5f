using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

/// <summary>The reads pool prepares what it runs twice (Npgsql auto-prepare), the others only when the connection string says so, and pages survive schema changes.</summary>
public sealed class PreparedStatementTests
{
    private const string Probe = "SELECT 'auto-prepare probe'::text";
    private const string AutoPrepareOn = ";Max Auto Prepare=100;Auto Prepare Min Usages=2";

    private static async Task<long> PreparedAfterTwoRunsAsync(string connectionString, DatabaseWork work = DatabaseWork.Reads)
    {
        await using var pool = DatabaseSetup.CreateDataSource(connectionString, work);
        await using var connection = await pool.OpenConnectionAsync();
        for (var i = 0; i < 2; i++)
        {
            await using var probe = new NpgsqlCommand(Probe, connection);
            await probe.ExecuteScalarAsync();
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", connection);
        count.Parameters.Add(new NpgsqlParameter { Value = Probe });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_statement_run_twice_on_a_reads_connection_is_prepared_on_it()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Equal(1, await PreparedAfterTwoRunsAsync(database.ConnectionString));
    }

    [Theory]
    [InlineData(DatabaseWork.FootprintChecks)]
    [InlineData(DatabaseWork.Exports)]
    [InlineData(DatabaseWork.Edits)]
    [InlineData(DatabaseWork.Imports)]
    [InlineData(DatabaseWork.Admin)]
    public async Task The_other_pools_prepare_nothing_unless_the_connection_string_turns_it_on(DatabaseWork work)
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Equal(0, await PreparedAfterTwoRunsAsync(database.ConnectionString, work));
        Assert.Equal(1, await PreparedAfterTwoRunsAsync(database.ConnectionString + AutoPrepareOn, work));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0")]
    [InlineData("maxautoprepare=0")]
    public async Task A_connection_string_that_says_Max_Auto_Prepare_0_prepares_nothing_as_behind_a_transaction_pooler(string setting)
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Equal(0, await PreparedAfterTwoRunsAsync(database.ConnectionString + ";" + setting));
    }

    [Fact]
    public async Task Pages_survive_a_schema_change_that_alters_the_columns_of_their_prepared_statements()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var app = new SpatialApp(database.ConnectionString);
        var client = await app.ReadyClientAsync();
        var riverId = await database.ScalarAsync<string>("SELECT min(id) FROM rivers");
        var before = await client.GetOkJsonAsync("/collections/rivers/items?limit=3");
        for (var i = 0; i < 3; i++)
        {
            await client.GetOkJsonAsync("/collections/rivers/items?limit=3");
            await client.GetOkJsonAsync("/collections/rivers/items/" + riverId);
        }

        // The id column's type is the type of the statements' first column: their prepared plans no longer fit.
        await database.ScalarAsync<int>("ALTER TABLE rivers ALTER COLUMN id TYPE varchar(200); SELECT 1");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(before.Ids(), (await client.GetOkJsonAsync("/collections/rivers/items?limit=3")).Ids());
            Assert.Equal(riverId, (await client.GetOkJsonAsync("/collections/rivers/items/" + riverId)).GetProperty("id").GetString());
        }
    }
}
