using Npgsql;
using Spatial.Api.Data;
using Spatial.Cli.Gisdata;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// One database per test run with the schema and all of gisdata/ loaded, never used directly: classes
/// that need the reference rows and write their own get a copy of it (CREATE DATABASE … TEMPLATE, a
/// file copy of a second or two instead of a load of twenty). Dropped when the test process exits.
/// </summary>
internal static class GisdataTemplate
{
    private static readonly Lazy<Task<string>> Name = new(CreateAsync);

    public static Task<string> NameAsync() => Name.Value;

    private static async Task<string> CreateAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await new Migrator(SchemaScripts.Embedded()).ApplyAsync(database.DataSource, CancellationToken.None);
        await GisdataLoader.LoadAsync(database.DataSource, GisdataDirectory.Resolve(null), CancellationToken.None);
        // A template must have no sessions while it is copied: the data source closes its pool.
        await database.DataSource.DisposeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Drop(database.Name);
        return database.Name;
    }

    private static void Drop(string name)
    {
        using var connection = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
