using System.Security.Cryptography;
using Npgsql;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// A throwaway database <c>spatial_test_&lt;random&gt;</c> in the cluster named by SPATIAL_TEST_ADMIN
/// (scripts/test sets it), dropped on dispose. No database is a failure, never a skip.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = name, ApplicationName = "spatial-tests", Pooling = true,
        }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("SPATIAL_TEST_ADMIN") is { Length: > 0 } admin
            ? admin
            : throw new InvalidOperationException(
                "SPATIAL_TEST_ADMIN is not set: run the tests with scripts/test, which starts the local PostGIS.");

    public static Task<TestDatabase> CreateAsync() => CreateAsync(template: null);

    private static async Task<TestDatabase> CreateAsync(string? template)
    {
        var admin = AdminConnectionString;
        await Machine.CheckDatabaseClusterAsync();
        var name = "spatial_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{(template is null ? "" : $" TEMPLATE \"{template}\"")}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase(admin, name);
    }

    /// <summary>A throwaway database with the schema and all of gisdata/, of one test class's own (a copy of <see cref="GisdataTemplate"/>).</summary>
    public static async Task<TestDatabase> CreateWithGisdataAsync() => await CreateAsync(await GisdataTemplate.NameAsync());

    /// <summary>
    /// A throwaway database with the schema and no rows: for a test whose rows would change what the
    /// shared fixture's tests read (counts, versions, pages), so that it owns every row it sees.
    /// </summary>
    public static async Task<TestDatabase> CreateWithSchemaAsync()
    {
        var database = await CreateAsync();
        await new Spatial.Api.Data.Migrator(Spatial.Api.Data.SchemaScripts.Embedded()).ApplyAsync(database.DataSource, CancellationToken.None);
        return database;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in parameters) command.Parameters.Add(new() { Value = value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
