using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Limits;

/// <summary>The README's table of defaults, as PostgreSQL sees the service's connections when nothing is configured.</summary>
[Collection(ApiTests.Name)]
public sealed class WorkDefaultsTests(ApiFixture api)
{
    [Theory]
    [InlineData(DatabaseWork.Reads, "15s", 40)]
    [InlineData(DatabaseWork.FootprintChecks, "30s", 8)]
    [InlineData(DatabaseWork.Exports, "2min", 4)]
    [InlineData(DatabaseWork.Imports, "10min", 4)]
    [InlineData(DatabaseWork.Admin, "10min", 2)]
    public async Task Each_kind_of_work_has_its_own_pool_named_after_it_with_the_default_deadline_and_size(DatabaseWork work, string timeout, int connections)
    {
        var pool = api.App.Services.GetRequiredService<SpatialDatabase>().For(work);
        await using var connection = await pool.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('statement_timeout'), current_setting('application_name')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(timeout, reader.GetString(0));
        Assert.Equal("spatial-tests/" + work.ToString().ToLowerInvariant(), reader.GetString(1));
        Assert.Equal(connections, new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxPoolSize);
    }

    [Theory]
    [InlineData(DatabaseWork.Reads, "off")]
    [InlineData(DatabaseWork.FootprintChecks, "off")]
    [InlineData(DatabaseWork.Edits, "off")]
    [InlineData(DatabaseWork.Exports, "on")]
    [InlineData(DatabaseWork.Imports, "on")]
    public async Task Work_answered_within_a_request_is_not_compiled_by_PostgreSQLs_JIT(DatabaseWork work, string jit)
    {
        await using var connection = await api.App.Services.GetRequiredService<SpatialDatabase>().For(work).OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('jit')", connection);

        Assert.Equal(jit, (string?)await command.ExecuteScalarAsync());
    }
}
