using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Html;

/// <summary>Behind a configured proxy (X-Forwarded-Proto/-Host/-Prefix) every link, stylesheet and script of a page is under its public address.</summary>
[Collection(ApiTests.Name)]
public sealed class HtmlBehindProxyTests(ApiFixture api)
{
    private const string Public = "https://gis.example.cn/spatial/";

    [Theory]
    [InlineData("/?f=html")]
    [InlineData("/collections?f=html&lang=en")]
    [InlineData("/collections/projects?f=html")]
    [InlineData("/collections/projects/items?f=html&limit=2")]
    [InlineData("/collections/projects/items/JX-01?f=html")]
    public async Task Every_link_of_a_page_behind_the_proxy_is_under_its_public_prefix(string path)
    {
        await using var server = RealServer.Start(api.Database.ConnectionString, new Dictionary<string, string?> { ["Spatial:Proxy:KnownProxies:0"] = "127.0.0.1" });
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "gis.example.cn");
        request.Headers.Add("X-Forwarded-Prefix", "/spatial");
        using var response = await client.SendAsync(request);
        var page = new HtmlAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response, await response.Content.ReadAsStringAsync());

        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.Status, page.MediaType));
        Assert.True(page.Links.Count >= 4, string.Join(" ", page.Links));
        Assert.All(page.Links, href => Assert.StartsWith(Public, href, StringComparison.Ordinal));
        if (path.Contains("/items", StringComparison.Ordinal))
            Assert.Contains($"<script src=\"{Public}html/map.js\" defer></script>", page.Html, StringComparison.Ordinal);
    }
}
