using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests.Imports;

/// <summary>
/// A database of the import tests' own (they write rows): a copy of all of gisdata/, so that files of projects
/// near 131.0°E 45.3°N (in 鸡西) pass every check of the plan area, the service on it, and a land officer's key.
/// </summary>
public sealed class ImportsWebFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public RealServer Server { get; private set; } = null!;
    public string LandOfficerKey { get; private set; } = null!;

    public const string LandOfficer = "导入测试员";

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithGisdataAsync();
        (_, LandOfficerKey) = await ApiKeyStore.CreateAsync(Database.DataSource, LandOfficer, Role.LandOfficer, "test", CancellationToken.None);
        Server = RealServer.Start(Database.ConnectionString);
    }

    public Task<long> CountAsync(string idPrefix) =>
        Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE id LIKE $1 || '%'", idPrefix);

    /// <summary>The newest import of the class's database: its id and whether it was a dry run.</summary>
    public async Task<(long Id, bool DryRun)> LatestImportAsync() =>
        (await Database.ScalarAsync<long>("SELECT max(id) FROM imports"),
         await Database.ScalarAsync<bool>("SELECT dry_run FROM imports ORDER BY id DESC LIMIT 1"));

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}
