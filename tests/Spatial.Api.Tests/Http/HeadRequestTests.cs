using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http;

/// <summary>
/// HEAD wherever GET works: the same status and headers, ETag and 304, and no body — read over a raw socket from
/// Kestrel, since an HTTP client never reads a body after a HEAD and would not notice one.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class HeadRequestTests(ApiFixture api)
{
    // Per answer, not per resource: when it was made, which request, whether the cache had it, and the framing of a
    // body of unknown length — chunks, which a HEAD has no body to cut into (RFC 9110 §9.3.2 lets it leave the size out).
    private static readonly HashSet<string> PerAnswer = new(StringComparer.OrdinalIgnoreCase) { "Date", "X-Request-Id", "X-Cache", "Transfer-Encoding" };

    /// <summary>The status line, every header line (a name may come more than once: Vary) in order of name, and the body.</summary>
    private static (string StatusLine, List<(string Name, string Value)> Headers, string Body) Split(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = response[..end].Split("\r\n");
        var headers = lines[1..].Select(h => h.Split(':', 2)).Select(h => (Name: h[0].Trim(), Value: h[1].Trim()))
            .OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ThenBy(h => h.Value, StringComparer.Ordinal).ToList();
        return (lines[0], headers, response[(end + 4)..]);
    }

    private static Task<string> SendAsync(RealServer server, string method, string path, string extraHeaders = "") =>
        UnparsableRequestTests.SendRawAsync(server, $"{method} {path} HTTP/1.1\r\nHost: localhost\r\n{extraHeaders}Connection: close\r\n\r\n");

    private async Task<string[]> PathsAsync()
    {
        var id = (await api.Database.IdsAsync("SELECT id FROM projects WHERE geom IS NOT NULL ORDER BY id LIMIT 1")).Single();
        return ["/collections/projects/items?limit=5", $"/collections/projects/items/{id}", "/collections/counties/tiles/WebMercatorQuad/5/11/27", "/?f=json"];
    }

    [Fact]
    public async Task HEAD_answers_what_GET_answers_with_the_same_headers_and_no_body_on_items_a_feature_a_tile_and_the_landing_page()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        foreach (var path in await PathsAsync())
        {
            // Once first, so GET and HEAD both come from the cache: a page made afresh is streamed (chunked), a kept one has a Content-Length.
            _ = await SendAsync(server, "GET", path);
            var get = Split(await SendAsync(server, "GET", path));
            var head = Split(await SendAsync(server, "HEAD", path));

            Assert.Equal("HTTP/1.1 200 OK", get.StatusLine);
            Assert.NotEqual("", get.Body);
            Assert.True(head.StatusLine == get.StatusLine, $"HEAD {path}: {head.StatusLine}");
            Assert.Equal("", head.Body);
            Assert.Equal(get.Headers.Where(h => !PerAnswer.Contains(h.Name)), head.Headers.Where(h => !PerAnswer.Contains(h.Name)));
        }
    }

    [Fact]
    public async Task HEAD_on_the_map_its_modules_and_index_html_answers_what_GET_answers_with_the_files_length_and_ETag_and_no_body()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        const string browser = "Accept: text/html,application/xhtml+xml\r\n";
        foreach (var path in (string[])["/", "/app/main.js", "/index.html"])
        {
            var get = Split(await SendAsync(server, "GET", path, browser));
            var head = Split(await SendAsync(server, "HEAD", path, browser));

            Assert.True(head.StatusLine == get.StatusLine, $"HEAD {path}: {head.StatusLine}, GET: {get.StatusLine}");
            Assert.NotEqual("", get.Body);
            Assert.Equal("", head.Body);
            Assert.Equal(get.Headers.Where(h => !PerAnswer.Contains(h.Name)), head.Headers.Where(h => !PerAnswer.Contains(h.Name)));
        }

        var module = Split(await SendAsync(server, "HEAD", "/app/main.js"));
        Assert.Equal("HTTP/1.1 200 OK", module.StatusLine);
        var web = Spatial.Api.Features.Map.WebMap.FindWebRoot(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), AppContext.BaseDirectory);
        var file = Path.Combine(web ?? throw new InvalidOperationException("no web/index.html above the tests"), "app", "main.js");
        Assert.Contains(("Content-Length", new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), module.Headers);
        Assert.Contains(module.Headers, h => h.Name == "ETag" && h.Value.StartsWith('"'));
    }

    [Fact]
    public async Task HEAD_with_the_ETag_in_If_None_Match_is_a_304_on_items_a_feature_and_a_tile()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        foreach (var path in (await PathsAsync()).Where(p => p != "/?f=json"))   // the landing page has no validator
        {
            using var first = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"HEAD {path}: {(int)first.StatusCode}");
            var etag = first.Headers.ETag ?? throw new InvalidOperationException($"HEAD {path}: no ETag");

            var again = new HttpRequestMessage(HttpMethod.Head, path);
            again.Headers.IfNoneMatch.Add(etag);
            using var revalidated = await client.SendAsync(again);

            Assert.True(revalidated.StatusCode == HttpStatusCode.NotModified, $"HEAD {path} If-None-Match {etag}: {(int)revalidated.StatusCode}");
            Assert.Equal(etag, revalidated.Headers.ETag);
        }
    }

    [Fact]
    public async Task HEAD_where_GET_is_not_found_is_the_same_404_and_where_only_POST_is_mapped_a_405()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);

        var missing = Split(await SendAsync(server, "HEAD", "/collections/no-such-layer/items"));
        var postOnly = Split(await SendAsync(server, "HEAD", "/footprint-checks"));

        Assert.Equal("HTTP/1.1 404 Not Found", missing.StatusLine);
        Assert.Contains(("Content-Type", "application/problem+json"), missing.Headers);
        Assert.Equal("", missing.Body);
        Assert.Equal("HTTP/1.1 405 Method Not Allowed", postOnly.StatusLine);
        Assert.Equal("", postOnly.Body);
    }
}
