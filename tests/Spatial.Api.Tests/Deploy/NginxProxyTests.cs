using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Deploy;

/// <summary>
/// Through Debian's nginx with deploy/nginx/spatial.conf, over TLS, as https://gis.example.cn/spatial/: what a
/// client gets names that address — links, Location, the OpenAPI server — and the map loads under the prefix.
/// </summary>
public sealed partial class NginxProxyTests(NginxFixture site) : IClassFixture<NginxFixture>
{
    private const string Public = "https://gis.example.cn/spatial/";

    [GeneratedRegex("""(?:src|href)="([^"]+)"|from '([^']+)'|import '([^']+)'""")]
    private static partial Regex Reference();

    private async Task<JsonElement> JsonAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await site.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<string> Hrefs(JsonElement body) =>
        body.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()!).ToList();

    [Fact]
    public async Task Every_link_of_the_landing_page_collections_items_and_tiles_is_under_https_gis_example_cn_spatial()
    {
        var landing = await JsonAsync("?f=json");
        var collections = await JsonAsync("collections");
        var items = await JsonAsync("collections/projects/items?limit=2");
        var tileset = await JsonAsync("collections/projects/tiles/WebMercatorQuad");
        var tileJson = await JsonAsync("collections/projects/tiles/WebMercatorQuad?f=tilejson");
        var api = await JsonAsync("api");

        var links = Hrefs(landing).Concat(Hrefs(collections)).Concat(Hrefs(items)).Concat(Hrefs(tileset))
            .Concat(collections.GetProperty("collections").EnumerateArray().SelectMany(Hrefs))
            .Concat(tileJson.GetProperty("tiles").EnumerateArray().Select(t => t.GetString()!)).ToList();
        Assert.All(links, href => Assert.StartsWith(Public, href, StringComparison.Ordinal));
        Assert.Contains(Public + "collections/projects/items?limit=2&cursor=", Hrefs(items).Single(h => h.Contains("cursor=", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(Public + "collections/projects/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", links);
        Assert.Equal("https://gis.example.cn/spatial", api.GetProperty("servers")[0].GetProperty("url").GetString());

        // And the next link works: followed through nginx it is the second page.
        var next = Hrefs(items).Single(h => h.Contains("cursor=", StringComparison.Ordinal));
        var second = await JsonAsync(next);
        Assert.Equal(2, second.GetProperty("features").GetArrayLength());
        Assert.NotEqual(items.GetProperty("features")[0].GetProperty("id").GetString(), second.GetProperty("features")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_feature_written_through_nginx_has_its_Location_under_the_prefix_and_the_Location_reads_it_back()
    {
        var model = (await JsonAsync($"collections/projects/items/{await site.Database.ReferenceIdAsync("projects")}")).Deserialize<JsonObject>()!;
        model.Remove("id");
        model.Remove("links");
        model["properties"]!["source_ref"] = "nginx prefix test";

        var answer = await site.Client.AnswerAsync(EditCalls.Request(HttpMethod.Post, "collections/projects/items", site.Officer, model.ToJsonString()));

        Assert.True(answer.Code == 201, answer.ToString());
        var location = answer.Headers.Location!.ToString();
        Assert.StartsWith(Public + "collections/projects/items/", location, StringComparison.Ordinal);
        var written = await JsonAsync(location);
        Assert.Equal("nginx prefix test", written.GetProperty("properties").GetProperty("source_ref").GetString());
    }

    [Fact]
    public async Task The_map_page_and_every_stylesheet_script_and_module_it_loads_come_through_the_prefix()
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri("", UriKind.Relative));
        page.Headers.Accept.ParseAdd("text/html");
        using var response = await site.Client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);

        // The page, then each module it imports, as the browser resolves them: relative to the file that names them.
        var pending = new Queue<(Uri From, string Text)>([(new Uri(Public), await response.Content.ReadAsStringAsync())]);
        var loaded = new HashSet<Uri>();
        while (pending.TryDequeue(out var file))
            foreach (Match match in Reference().Matches(file.Text))
            {
                var reference = match.Groups.Values.Skip(1).First(g => g.Success).Value;
                if (reference.StartsWith("data:", StringComparison.Ordinal) || reference.StartsWith('#')) continue;
                var url = new Uri(file.From, reference);
                if (!loaded.Add(url)) continue;
                Assert.StartsWith(Public, url.ToString(), StringComparison.Ordinal);
                using var asset = await site.Client.GetAsync(url);
                Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{url}: {(int)asset.StatusCode}");
                if (url.AbsolutePath.EndsWith(".js", StringComparison.Ordinal) && url.AbsolutePath.Contains("/app/", StringComparison.Ordinal))
                    pending.Enqueue((url, await asset.Content.ReadAsStringAsync()));
            }
        Assert.Contains(new Uri(Public + "app/main.js"), loaded);
        Assert.Contains(new Uri(Public + "app/api.js"), loaded);
        Assert.Contains(new Uri(Public + "vendor/leaflet/leaflet.js"), loaded);
    }

    [Fact]
    public async Task Nginx_gzips_the_APIs_json_and_redirects_plain_http_and_the_bare_prefix()
    {
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var insecure = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{site.Nginx.HttpPort}/spatial/collections?f=json"));
        insecure.Headers.Host = "gis.example.cn";
        using var redirected = await plain.SendAsync(insecure);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
        Assert.Equal(Public + "collections?f=json", redirected.Headers.Location?.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("collections/projects/items?limit=50", UriKind.Relative));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var gzipped = await site.Client.SendAsync(request);
        using var bare = await site.Client.GetAsync(new Uri("https://gis.example.cn/spatial"));

        Assert.Equal(HttpStatusCode.OK, gzipped.StatusCode);
        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal(Public, bare.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_visitor_through_nginx_is_refused_the_metrics_by_the_forwarded_address_with_a_problem()
    {
        // nginx appends the visitor's address; the visitor here pretends, before it, to be someone else too.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("metrics", UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await site.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not to 203.0.113.7", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
