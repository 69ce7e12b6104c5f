using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

/// <summary>
/// The reads pool hands a connection back without Npgsql's reset (no statements in front of the next request's first),
/// so reads must leave nothing in the session; the other pools keep the reset.
/// </summary>
public sealed class PoolResetTests
{
    private static async Task<string> SettingAfterReuseAsync(string connectionString, DatabaseWork work)
    {
        var limits = new WorkLimits { Deadline = TimeSpan.FromSeconds(15), Connections = 1 };
        await using var pool = DatabaseSetup.CreateDataSource(connectionString, work, limits);
        int backend;
        await using (var connection = await pool.OpenConnectionAsync())
        {
            backend = connection.ProcessID;
            await using var set = new NpgsqlCommand("SELECT set_config('spatial.probe', 'left behind', false)", connection);
            await set.ExecuteScalarAsync();
        }
        await using var again = await pool.OpenConnectionAsync();
        Assert.Equal(backend, again.ProcessID);
        await using var read = new NpgsqlCommand("SELECT coalesce(current_setting('spatial.probe', true), '')", again);
        return (string)(await read.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_reads_connection_comes_back_from_the_pool_as_it_was_left()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Equal("left behind", await SettingAfterReuseAsync(database.ConnectionString, DatabaseWork.Reads));
    }

    [Theory]
    [InlineData(DatabaseWork.Edits)]
    [InlineData(DatabaseWork.Admin)]
    public async Task The_other_pools_keep_the_reset(DatabaseWork work)
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Equal("", await SettingAfterReuseAsync(database.ConnectionString, work));
    }

    [Fact]
    public async Task A_connection_string_that_says_No_Reset_On_Close_false_keeps_the_reset_on_the_reads_pool()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Equal("", await SettingAfterReuseAsync(database.ConnectionString + ";No Reset On Close=false", DatabaseWork.Reads));
    }
}
