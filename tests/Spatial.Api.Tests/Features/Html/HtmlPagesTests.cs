using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Html;

/// <summary>
/// OGC API – Features, HTML (README, "Browsing in a web browser"): every resource of Part 1 as a page for people, with
/// f=html or a browser's Accept, Chinese or English, linked from the JSON as alternate, its links answering, its pages
/// walking the same features as the GeoJSON's next links.
/// </summary>
[Collection(ApiTests.Name)]
public sealed partial class HtmlPagesTests(ApiFixture api)
{
    private const string HtmlClass = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html";

    public static TheoryData<string> Pages => new()
    {
        "/?f=html", "/conformance", "/collections", "/collections/projects", "/collections/projects/items?limit=5",
        "/collections/projects/items/JX-01", "/collections/enterprises/items?limit=3", "/collections/counties/items/230382",
    };

    [GeneratedRegex("""<tbody>.*?</tbody>""", RegexOptions.Singleline)]
    private static partial Regex TableBody();

    [GeneratedRegex("""<tr><td><a href="[^"]*">([^<]*)</a></td>""")]
    private static partial Regex RowId();

    [GeneratedRegex("""<script type="application/geo\+json" id="page-features">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex MapData();

    [Fact]
    public async Task Conformance_declares_the_html_class_in_json_and_lists_it_on_its_page()
    {
        var json = await api.Client.GetOkJsonAsync("/conformance");
        var page = await api.Client.GetHtmlAsync("/conformance?f=html");

        Assert.Contains(json.GetProperty("conformsTo").EnumerateArray(), c => c.GetString() == HtmlClass);
        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.Status, page.MediaType));
        Assert.Contains($"<li><code>{HtmlClass}</code></li>", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_is_html_in_chinese_by_default_and_in_english_with_lang_en_and_every_link_on_it_answers_200(string url)
    {
        var zh = await api.Client.GetHtmlAsync(url);
        var en = await api.Client.GetHtmlAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=en");

        Assert.Equal((HttpStatusCode.OK, "text/html"), (zh.Status, zh.MediaType));
        Assert.Equal((HttpStatusCode.OK, "text/html"), (en.Status, en.MediaType));
        Assert.Equal(("zh-CN", "en"), (zh.Language, en.Language));
        Assert.Contains(">English</a>", zh.Html, StringComparison.Ordinal);
        Assert.Contains(">中文</a>", en.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", zh.Html, StringComparison.Ordinal);
        foreach (var answer in new[] { zh, en })
            foreach (var link in answer.Links)
            {
                Assert.StartsWith("http://localhost/", link, StringComparison.Ordinal);
                using var target = await api.Client.GetAcceptingAsync(link, "text/html");
                Assert.True(target.StatusCode == HttpStatusCode.OK, $"{url}: {link} → {(int)target.StatusCode}");
            }
        // The language switch is the same page in the other language; the English page's own links stay English.
        Assert.Contains("http://localhost" + url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=en", zh.Links);
        Assert.All(en.Links.Where(l => l.Contains("f=html", StringComparison.Ordinal) && l != "http://localhost" + url),
            l => Assert.Contains("lang=en", l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/", "http://localhost/?f=html")]
    [InlineData("/collections", "http://localhost/collections?f=html")]
    [InlineData("/collections/projects", "http://localhost/collections/projects?f=html")]
    [InlineData("/collections/projects/items?limit=2&county_code=230382", "http://localhost/collections/projects/items?limit=2&county_code=230382&f=html")]
    [InlineData("/collections/projects/items/JX-01?crs=EPSG:4490", "http://localhost/collections/projects/items/JX-01?f=html")]
    public async Task Json_links_its_html_as_alternate_text_html_which_answers_a_page(string url, string html)
    {
        var json = await api.Client.GetOkJsonAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "f=json");
        var alternates = json.GetProperty("links").EnumerateArray()
            .Where(l => l.GetProperty("rel").GetString() == "alternate" && l.GetProperty("type").GetString() == "text/html")
            .Select(l => l.GetProperty("href").GetString()!).ToList();

        Assert.Equal(html, Assert.Single(alternates));
        var page = await api.Client.GetHtmlAsync(alternates[0], "application/json");
        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.Status, page.MediaType));
    }

    [Fact]
    public async Task An_items_page_shows_the_features_of_the_geojson_page_in_its_table_and_its_map_data()
    {
        const string url = "/collections/projects/items?county_code=230382&limit=4&sortby=-investment_cny";
        var json = await api.Client.GetOkJsonAsync(url);
        var page = await api.Client.GetHtmlAsync(url);

        var rows = RowId().Matches(TableBody().Match(page.Html).Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        using var map = JsonDocument.Parse(MapData().Match(page.Html).Groups[1].Value);
        Assert.Equal(json.Ids(), rows);
        Assert.Equal(json.Ids(), map.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
        var first = json.GetProperty("features")[0];
        Assert.Equal(first.GetProperty("geometry").GetRawText(), map.RootElement.GetProperty("features")[0].GetProperty("geometry").GetRawText());
        Assert.Contains($"<td>{first.GetProperty("properties").GetProperty("name_zh").GetString()}</td>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_links_walk_every_feature_of_a_filtered_layer_once_and_prev_links_walk_back_through_the_same_pages()
    {
        const string url = "/collections/projects/items?county_code=230382&limit=2&sortby=name_zh";
        var truth = await api.Client.WalkAsync(url);
        var forward = new List<List<string>>();
        var pageUrl = url;
        HtmlAnswer page;
        while (true)
        {
            page = await api.Client.GetHtmlAsync(pageUrl);
            forward.Add(Ids(page));
            if (page.Rel("next") is not { } next) break;
            Assert.Contains("county_code=230382", next, StringComparison.Ordinal);
            Assert.Contains("sortby=name_zh", next, StringComparison.Ordinal);
            pageUrl = next;
            Assert.True(forward.Count < 100, "too many pages");
        }
        var backward = new List<List<string>> { Ids(page) };
        while (page.Rel("prev") is { } prev)
        {
            page = await api.Client.GetHtmlAsync(prev);
            backward.Add(Ids(page));
            Assert.True(backward.Count < 100, "too many pages");
        }

        Assert.True(forward.Count >= 3, $"{truth.Count} projects in 3 pages or more");
        Assert.Equal(truth, forward.SelectMany(p => p));
        Assert.Equal(forward.AsEnumerable().Reverse(), backward);
        Assert.Null(page.Rel("first"));
    }

    [Fact]
    public async Task Html_and_geojson_at_one_url_are_kept_apart_by_the_cache_and_their_etags_and_the_answer_varies_by_accept()
    {
        const string url = "/collections/planting-zones/items?limit=2&sortby=-name_zh";
        var html = await api.Client.GetHtmlAsync(url);
        using var json = await api.Client.GetAcceptingAsync(url, "application/geo+json");
        var again = await api.Client.GetHtmlAsync(url);

        Assert.Equal("text/html", html.MediaType);
        Assert.Equal("application/geo+json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
        Assert.Equal(("text/html", html.Html), (again.MediaType, again.Html));
        Assert.NotEqual(html.Response.Headers.ETag, json.Headers.ETag);
        Assert.Contains("Accept", html.Response.Headers.Vary);
        Assert.Contains("Accept", json.Headers.Vary);
    }

    [Fact]
    public async Task A_page_is_compressed_over_a_real_socket_with_an_etag_of_its_coding()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/collections/counties/items?f=html", UriKind.Relative));
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await client.SendAsync(request);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        var plain = await api.Client.GetHtmlAsync("/collections/counties/items?f=html");

        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.EndsWith("-br\"", response.Headers.ETag?.Tag, StringComparison.Ordinal);
        await using var decoded = new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(decoded);
        var html = await reader.ReadToEndAsync();
        Assert.True(compressed.Length * 2 < System.Text.Encoding.UTF8.GetByteCount(html), $"{compressed.Length} bytes for {html.Length} characters");
        Assert.Equal(plain.Html.Replace("http://localhost/", server.Url + "/", StringComparison.Ordinal), html);
    }

    [Theory]
    [InlineData("/collections/projects/items?f=html&lang=fr", "lang")]
    [InlineData("/collections?f=html&lang=ru", "lang")]
    [InlineData("/collections/projects/items?f=json&before=WyJKWC0wMSJd", "before")]
    [InlineData("/collections/projects/items?f=html&before=WyJKWC0wMSJd&cursor=WyJKWC0wMSJd", "before")]
    [InlineData("/collections/projects/items?f=html&before=not-a-cursor", "before")]
    [InlineData("/collections/projects/items?f=html&crs=EPSG:4532", "crs")]
    [InlineData("/collections/projects/items/JX-01?f=html&crs=EPSG:4490", "crs")]
    [InlineData("/conformance?f=xml", "f")]
    public async Task Bad_parameters_of_a_page_are_a_problem_naming_the_parameter(string url, string parameter)
    {
        var answer = await api.Client.GetHtmlAsync(url);

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (answer.Status, answer.MediaType));
        Assert.StartsWith(parameter + ":", JsonDocument.Parse(answer.Html).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_still_gets_the_map_at_slash_and_the_landing_page_links_it()
    {
        var map = await api.Client.GetHtmlAsync("/");
        var landing = await api.Client.GetHtmlAsync("/?f=html");

        Assert.Contains("<div id=\"map\"", map.Html, StringComparison.Ordinal);
        Assert.Contains("http://localhost/", landing.Links);
        Assert.Contains("http://localhost/collections?f=html", landing.Links);
    }

    private static List<string> Ids(HtmlAnswer page) =>
        RowId().Matches(TableBody().Match(page.Html).Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
}
