using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>The service on a real loopback port (Kestrel), for clients that are separate programs (GDAL, Chromium).</summary>
public sealed class RealServer : IAsyncDisposable
{
    private readonly SpatialApp _app;

    private RealServer(SpatialApp app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The server's services (the same singletons its requests use).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Base URL, e.g. http://127.0.0.1:41234</summary>
    public string Url { get; }

    public static RealServer Start(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new SpatialApp(connectionString, settings);
        app.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RealServer(app, address.TrimEnd('/'));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
