using Spatial.Api.Data;
using Spatial.Cli.Gisdata;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// One throwaway database with the schema and all of gisdata/ loaded, and one running service on it,
/// shared by the API test classes. Reference data is read-only: a test that writes owns its own rows.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public SpatialApp App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IReadOnlyList<(string Layer, long Rows)> LoadedCounts { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await new Migrator(SchemaScripts.Embedded()).ApplyAsync(Database.DataSource, CancellationToken.None);
        LoadedCounts = await GisdataLoader.LoadAsync(Database.DataSource, GisdataDirectory.Resolve(null), CancellationToken.None);
        App = new SpatialApp(Database.ConnectionString);
        Client = await App.ReadyClientAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiTests : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
