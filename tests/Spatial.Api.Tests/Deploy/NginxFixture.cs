using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Deploy;

/// <summary>
/// The deployment of deploy/ in small: a database of its own with all of gisdata/, two API processes on
/// loopback ports trusting 127.0.0.1 as their proxy (as the systemd units set), nginx with the site file in front.
/// </summary>
public sealed class NginxFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> ProxySettings = new Dictionary<string, string?>
    {
        ["Spatial:Proxy:KnownProxies:0"] = "127.0.0.1",
    };

    public TestDatabase Database { get; private set; } = null!;
    public EditorKey Officer { get; private set; } = null!;
    public NginxSite Nginx { get; private set; } = null!;
    public IReadOnlyList<RealServer> Servers { get; private set; } = [];
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithGisdataAsync();
        var (id, key) = await ApiKeyStore.CreateAsync(Database.DataSource, "nginx 测试员", Role.LandOfficer, "tests", CancellationToken.None);
        Officer = new EditorKey(id, "nginx 测试员", Role.LandOfficer, key);
        Servers = [RealServer.Start(Database.ConnectionString, ProxySettings), RealServer.Start(Database.ConnectionString, ProxySettings)];
        Nginx = await NginxSite.StartAsync(new Uri(Servers[0].Url).Port, new Uri(Servers[1].Url).Port);
        Client = Nginx.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Nginx.DisposeAsync();
        foreach (var server in Servers) await server.DisposeAsync();
        await Database.DisposeAsync();
    }
}
