using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>
/// The pages for people (f=html) in Chromium, in Chinese and in English: no console error or CSP violation, the
/// page's own language, every link, stylesheet and script answering 200, and on the items and feature pages a Leaflet
/// map that draws each feature of the page inside its frame.
/// </summary>
[Collection(WebTests.Name)]
public sealed class HtmlPagesTests(WebFixture web)
{
    public static TheoryData<string, string, bool> Pages()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var lang in new[] { "zh", "en" })
        {
            data.Add("/?f=html", lang, false);
            data.Add("/conformance?f=html", lang, false);
            data.Add("/collections?f=html", lang, false);
            data.Add("/collections/planting-zones?f=html", lang, false);
            data.Add("/collections/projects/items?f=html&county_code=230382&limit=5", lang, true);
            data.Add("/collections/enterprises/items?f=html&limit=8", lang, true);
            data.Add("/collections/rivers/items?f=html&limit=3", lang, true);
            data.Add("/collections/projects/items/JX-01?f=html", lang, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_opens_without_errors_in_its_language_every_link_answers_and_its_map_draws_its_features(string path, string lang, bool map)
    {
        var (page, errors) = await web.NewPageAsync();
        var url = web.Server.Url + path + (lang == "en" ? "&lang=en" : "");
        var response = await page.GotoAsync(url);
        Assert.Equal(200, response!.Status);
        Assert.Equal(lang == "en" ? "en" : "zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(lang == "en" ? "中文" : "English", await page.TextContentAsync("#language"));

        if (map)
        {
            await page.WaitForSelectorAsync("#map[data-drawn]", new() { Timeout = 15_000 });
            var expected = JsonDocument.Parse(await page.TextContentAsync("#page-features") ?? "").RootElement.GetProperty("features").GetArrayLength();
            var drawn = await page.EvaluateAsync<double[][]>("""
                () => {
                  const frame = document.getElementById('map').getBoundingClientRect();
                  return [...document.querySelectorAll('#map path.page-feature')].map(p => {
                    const box = p.getBoundingClientRect();
                    return [box.width, box.height, box.right - frame.left, frame.right - box.left, box.bottom - frame.top, frame.bottom - box.top];
                  });
                }
                """);
            Assert.True(expected > 0, path);
            Assert.Equal(expected, int.Parse(await page.GetAttributeAsync("#map", "data-drawn") ?? "", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expected, drawn.Length);
            // Each outline, line or point has a size and overlaps the map's frame (fitted to the page's features).
            Assert.All(drawn, box => Assert.True(box[0] + box[1] > 0 && box.Skip(2).All(d => d > 0), string.Join(", ", box)));
        }
        await WebFixture.ScreenshotAsync(page, "html" + Regex.Replace(path, "[^a-z0-9]+", "-") + lang);

        var links = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('a[href], link[href], script[src]')].map(e => e.href || e.src).filter(h => !h.startsWith('data:'))");
        Assert.NotEmpty(links);
        foreach (var link in links.Distinct())
        {
            Assert.StartsWith(web.Server.Url, link, StringComparison.Ordinal);
            var answer = await page.APIRequest.GetAsync(link, new() { Headers = new Dictionary<string, string> { ["Accept"] = "text/html" } });
            Assert.True(answer.Status == 200, $"{path}: {link} → {answer.Status}");
        }
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        Assert.Empty(errors);
    }
}
