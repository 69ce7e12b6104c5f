using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Landing;

/// <summary>One URL, two answers (README, "URLs"): the OGC landing page for API clients, the map for browsers (f=html: Features/Html).</summary>
[Collection(ApiTests.Name)]
public sealed class LandingPageTests(ApiFixture api)
{
    /// <summary>What Chromium sends when it opens a page.</summary>
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private async Task<HttpResponseMessage> GetAsync(string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Headers.Accept.ParseAdd(accept);
        return await api.Client.SendAsync(request);
    }

    [Theory]
    [InlineData("/?f=json", BrowserAccept)]
    [InlineData("/", "application/json")]
    [InlineData("/", "application/json, text/html;q=0.5")]
    public async Task Asked_for_json_the_landing_page_links_the_api_definition_conformance_and_collections_and_each_link_answers_with_its_type(string url, string accept)
    {
        using var response = await GetAsync(url, accept);
        var landing = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var links = landing.GetProperty("links").EnumerateArray()
            .ToDictionary(l => l.GetProperty("rel").GetString()!, l => (Href: l.GetProperty("href").GetString()!, Type: l.GetProperty("type").GetString()!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(landing.GetProperty("title").GetString()));
        Assert.Equal(("http://localhost/api", "application/vnd.oai.openapi+json;version=3.0"), links["service-desc"]);
        Assert.Equal(("http://localhost/conformance", "application/json"), links["conformance"]);
        Assert.Equal(("http://localhost/collections", "application/json"), links["data"]);
        Assert.Equal(("http://localhost/?f=html", "text/html"), links["alternate"]);
        foreach (var (rel, (href, type)) in links.Where(l => l.Key != "self"))
        {
            using var target = await GetAsync(href, type);
            Assert.True(target.StatusCode == HttpStatusCode.OK, $"{rel} {href} → {(int)target.StatusCode}");
            Assert.Equal(MediaTypeHeaderValue.Parse(type).MediaType, target.Content.Headers.ContentType?.MediaType);
        }
        using var conformance = JsonDocument.Parse(await (await GetAsync(links["conformance"].Href, "application/json")).Content.ReadAsStringAsync());
        Assert.Contains(conformance.RootElement.GetProperty("conformsTo").EnumerateArray(),
            c => c.GetString() == "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core");
    }

    [Fact]
    public async Task A_browser_gets_the_map_page()
    {
        using var response = await GetAsync("/", BrowserAccept);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryWeb(), "index.html")), html);
        Assert.Contains("<div id=\"map\"", html, StringComparison.Ordinal);
    }

    private static string RepositoryWeb()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "web", "index.html"))) return Path.Combine(directory.FullName, "web");
        throw new DirectoryNotFoundException("no web/index.html above the tests");
    }
}
