using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>An API key as its holder has it: the id the store gave, the name history records, the key itself.</summary>
public sealed record EditorKey(long Id, string Name, Role Role, string Key);

/// <summary>
/// A database of one test class's own, with the schema and all of gisdata/, the service on it, and one
/// active API key per role (plus a revoked planner's key). Classes that edit take it as a class fixture,
/// so their rows and versions are theirs alone.
/// </summary>
public class EditingFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public SpatialApp App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IReadOnlyDictionary<Role, EditorKey> Keys { get; private set; } = null!;
    public EditorKey RevokedKey { get; private set; } = null!;

    /// <summary>Settings of the service under test (Spatial:Auth:Jwt:* for the token tests).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithGisdataAsync();
        var keys = new Dictionary<Role, EditorKey>();
        foreach (var role in Enum.GetValues<Role>()) keys[role] = await CreateKeyAsync(role, $"{role.Code()} 测试员");
        Keys = keys;
        RevokedKey = await CreateKeyAsync(Role.Planner, "planner 已离职");
        await ApiKeyStore.RevokeAsync(Database.DataSource, RevokedKey.Id, CancellationToken.None);
        App = new SpatialApp(Database.ConnectionString, Settings);
        Client = await App.ReadyClientAsync();
    }

    public async Task<EditorKey> CreateKeyAsync(Role role, string name)
    {
        var (id, key) = await ApiKeyStore.CreateAsync(Database.DataSource, name, role, "tests", CancellationToken.None);
        return new EditorKey(id, name, role, key);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
