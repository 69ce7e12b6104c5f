using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Spatial.Api.Http.Proxy;

/// <summary>
/// Settings <c>Spatial:Proxy:KnownProxies</c> (addresses) and <c>…:KnownNetworks</c> (CIDR): the reverse
/// proxies whose X-Forwarded-For/-Proto/-Host/-Prefix headers are believed. None by default.
/// </summary>
public sealed class ProxySettings
{
    public const string Section = "Spatial:Proxy";

    public string[] KnownProxies { get; set; } = [];
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// Behind a configured proxy a request is what the client sent to the proxy: its scheme, host, path prefix
/// (PathBase, so every link, Location and the OpenAPI server carry it) and the client's address (so the
/// per-client limits tell clients apart). Anyone else's forwarded headers are ignored.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure(options =>
        {
            var settings = configuration.GetSection(ProxySettings.Section).Get<ProxySettings>() ?? new ProxySettings();
            // With both lists empty the middleware would believe everyone: no proxy configured means no header read.
            if (settings.KnownProxies.Length == 0 && settings.KnownNetworks.Length == 0)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
            // The framework trusts loopback by default; here only what the operator names is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"{ProxySettings.Section}:KnownProxies: '{proxy}' is not an IP address."));
            foreach (var network in settings.KnownNetworks)
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"{ProxySettings.Section}:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
            // Walk X-Forwarded-For back through every trusted hop, stopping at the first address not trusted:
            // that one is the client, whatever a client wrote into the header before the first proxy.
            options.ForwardLimit = null;
        });
        return services;
    }
}
