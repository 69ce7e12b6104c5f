using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Proxy;

/// <summary>
/// X-Forwarded-Proto/-Host/-Prefix/-For sent straight to the service on a loopback port: believed from a
/// configured proxy (an address or a network), ignored from anyone else.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class TrustedProxyTests(ApiFixture api)
{
    private static async Task<(JsonElement Landing, string? Location, HttpStatusCode Metrics)> AskAsync(RealServer server)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        HttpRequestMessage Forwarded(string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "gis.example.cn");
            request.Headers.Add("X-Forwarded-Prefix", "/spatial");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            request.Headers.Accept.ParseAdd("application/json");
            return request;
        }
        using var landing = await client.SendAsync(Forwarded("/"));
        using var api = await client.SendAsync(Forwarded("/api"));
        using var metrics = await client.SendAsync(Forwarded("/metrics"));
        var servers = JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("servers")[0].GetProperty("url").GetString();
        return (JsonDocument.Parse(await landing.Content.ReadAsStringAsync()).RootElement.Clone(), servers, metrics.StatusCode);
    }

    private static List<string> Hrefs(JsonElement body) =>
        body.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()!).ToList();

    [Theory]
    [InlineData("Spatial:Proxy:KnownProxies:0", "127.0.0.1")]
    [InlineData("Spatial:Proxy:KnownNetworks:0", "127.0.0.0/8")]
    public async Task A_configured_proxys_forwarded_headers_make_every_link_https_gis_example_cn_spatial_and_the_client_its_forwarded_address(string setting, string value)
    {
        await using var server = RealServer.Start(api.Database.ConnectionString, new Dictionary<string, string?> { [setting] = value });

        var (landing, openApiServer, metrics) = await AskAsync(server);

        Assert.All(Hrefs(landing), href => Assert.StartsWith("https://gis.example.cn/spatial/", href, StringComparison.Ordinal));
        Assert.Equal("https://gis.example.cn/spatial", openApiServer);
        // /metrics is for loopback only; the client is now 203.0.113.7.
        Assert.Equal(HttpStatusCode.Forbidden, metrics);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_not_configured_are_ignored()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Spatial:Proxy:KnownProxies:0"] = "10.1.2.3",
        });

        var (landing, openApiServer, metrics) = await AskAsync(server);

        Assert.All(Hrefs(landing), href => Assert.StartsWith(server.Url + "/", href, StringComparison.Ordinal));
        Assert.Equal(server.Url, openApiServer);
        Assert.Equal(HttpStatusCode.OK, metrics);
    }

    [Fact]
    public async Task Without_proxy_settings_even_loopbacks_forwarded_headers_are_ignored()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);

        var (landing, openApiServer, _) = await AskAsync(server);

        Assert.All(Hrefs(landing), href => Assert.StartsWith(server.Url + "/", href, StringComparison.Ordinal));
        Assert.Equal(server.Url, openApiServer);
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_service_naming_it()
    {
        await using var app = new SpatialApp(api.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Spatial:Proxy:KnownProxies:0"] = "nginx.local",
        });

        var failure = await Record.ExceptionAsync(async () =>
        {
            using var client = app.CreateClient();
            await client.GetAsync(new Uri("/health", UriKind.Relative));
        });

        Assert.NotNull(failure);
        Assert.Contains("Spatial:Proxy:KnownProxies: 'nginx.local' is not an IP address", failure.ToString(), StringComparison.Ordinal);
    }
}
