using System.Net;

namespace Spatial.Api.Features.Metrics;

/// <summary>
/// Setting <c>Spatial:Metrics:AllowedNetworks</c>: the client networks that may read /metrics, loopback only by
/// default. Behind a trusted proxy the client is the forwarded address, so a visitor through nginx is refused
/// while Prometheus, scraping each process on its own port, is served.
/// </summary>
public sealed class MetricsAccess
{
    public const string Section = "Spatial:Metrics";

    private readonly IReadOnlyList<IPNetwork> _networks;

    private MetricsAccess(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    public static MetricsAccess From(IConfiguration configuration)
    {
        var configured = configuration.GetSection($"{Section}:AllowedNetworks").Get<string[]>() is { Length: > 0 } networks
            ? networks : ["127.0.0.0/8", "::1/128"];
        return new MetricsAccess(configured.Select(n => IPNetwork.TryParse(n, out var network) ? network
            : throw new InvalidOperationException($"{Section}:AllowedNetworks: '{n}' is not a network such as 10.0.0.0/8.")).ToList());
    }

    public bool Allows(IPAddress? client) =>
        client is not null && _networks.Any(network => network.Contains(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client));
}
