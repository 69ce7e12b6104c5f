using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>
/// The map at the screens people have (1366×768, 1024×768) in both languages: no two visible labels overlap,
/// the panel's tabs and the search box's placeholder fit, and a link chooses the language.
/// </summary>
[Collection(WebTests.Name)]
public sealed class LayoutTests(WebFixture web)
{
    // Each visible label's box, with its text; hidden ones are counted. Measured after two frames, once the labels
    // are placed and decluttered.
    private const string Labels = """
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
          const all = [...document.querySelectorAll('.leaflet-tooltip.county-label')];
          const shown = all.filter((l) => getComputedStyle(l).visibility !== 'hidden');
          resolve({ hidden: all.length - shown.length, shown: shown.map((l) => {
            const r = l.getBoundingClientRect();
            return { text: l.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
          }) });
        })))
        """;

    /// <summary>The pairs of shown labels whose boxes (as the browser laid them out) intersect.</summary>
    private static List<string> Overlapping(JsonDocument labels)
    {
        var shown = labels.RootElement.GetProperty("shown").EnumerateArray()
            .Select(b => (Text: b.GetProperty("text").GetString()!, L: b.GetProperty("left").GetDouble(), T: b.GetProperty("top").GetDouble(),
                R: b.GetProperty("right").GetDouble(), B: b.GetProperty("bottom").GetDouble())).ToList();
        return (from a in shown from b in shown
                where string.CompareOrdinal(a.Text, b.Text) < 0 && a.L < b.R && b.L < a.R && a.T < b.B && b.T < a.B
                select $"{a.Text} / {b.Text}").ToList();
    }

    private const string Fits = """
        () => {
          const text = (input) => {
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = getComputedStyle(input).font;
            return ctx.measureText(input.placeholder).width;
          };
          const search = document.getElementById('search');
          const style = getComputedStyle(search);
          return {
            tabs: [...document.querySelectorAll('[role="tab"]:not([hidden])')].filter((t) => t.scrollWidth > t.clientWidth).map((t) => t.textContent),
            placeholder: text(search), room: search.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
            topbar: document.querySelector('.topbar').getBoundingClientRect().height,
            pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
          };
        }
        """;

    [Theory]
    [InlineData(1366, 768, "zh")]
    [InlineData(1366, 768, "en")]
    [InlineData(1024, 768, "zh")]
    [InlineData(1024, 768, "en")]
    public async Task At_the_overview_no_two_labels_overlap_and_the_panel_fits(int width, int height, string lang)
    {
        var counties = await web.Database.ScalarAsync<long>("SELECT count(*) FROM counties");
        var query = lang == "en" ? "?lang=en" : "";
        var (page, errors) = await web.OpenAsync($"/{query}#z=8&lat=45.25000&lon=131.80000&layers=counties,projects", width, height);
        await page.WaitForFunctionAsync($"document.querySelectorAll('.leaflet-tooltip.county-label').length >= {counties}");
        using var labels = JsonDocument.Parse((await page.EvaluateAsync<JsonElement>(Labels)).GetRawText());
        using var fits = JsonDocument.Parse((await page.EvaluateAsync<JsonElement>(Fits)).GetRawText());
        await WebFixture.ScreenshotAsync(page, $"layout-{width}x{height}-{lang}");

        var shown = labels.RootElement.GetProperty("shown").EnumerateArray().ToList();
        Assert.Empty(Overlapping(labels));
        // At zoom 8 Jixi's six urban districts lie within a few label widths: some labels must give way, most stay.
        Assert.True(labels.RootElement.GetProperty("hidden").GetInt32() > 0, "no label was hidden at the overview");
        Assert.True(shown.Count >= counties / 2, $"only {shown.Count} of {counties} labels shown");

        var fit = fits.RootElement;
        Assert.Empty(fit.GetProperty("tabs").EnumerateArray());
        Assert.True(fit.GetProperty("placeholder").GetDouble() <= fit.GetProperty("room").GetDouble(),
            $"the search placeholder is {fit.GetProperty("placeholder").GetDouble():F0} px in a {fit.GetProperty("room").GetDouble():F0} px box");
        Assert.True(fit.GetProperty("topbar").GetDouble() <= 56, $"the top bar wraps: {fit.GetProperty("topbar").GetDouble()} px high");
        Assert.True(fit.GetProperty("pageWidth").GetInt32() <= fit.GetProperty("viewport").GetInt32(), "the page scrolls sideways");

        Assert.Equal(lang == "en" ? "en" : "zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains($"lang={lang}", await page.EvaluateAsync<string>("location.hash"), StringComparison.Ordinal);
        var englishName = await web.Database.ScalarAsync<string>("SELECT name_en FROM counties WHERE code = '230302'");
        var chineseName = await web.Database.ScalarAsync<string>("SELECT name_zh FROM counties WHERE code = '230302'");
        var labelTexts = await page.Locator(".leaflet-tooltip.county-label").AllTextContentsAsync();
        Assert.Contains(lang == "en" ? englishName : chineseName, labelTexts);
        Assert.Empty(errors);
    }

    // Counts every read of a label's size (offsetWidth/offsetHeight/getBoundingClientRect on a placed label: each
    // forces a layout) while the map zooms in and out again, then the labels drawn after it.
    private const string ZoomInAndOutCountingLabelReads = """
        () => new Promise((resolve) => {
          const { map } = spatialMap;
          let reads = 0;
          const onLabel = (element) => element instanceof Element && element.classList.contains('placed-label');
          const own = Object.fromEntries(['offsetWidth', 'offsetHeight'].map((name) => [name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)]));
          for (const name of ['offsetWidth', 'offsetHeight']) {
            const read = own[name].get;
            Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get() { if (onLabel(this)) reads++; return read.call(this); } });
          }
          const box = Element.prototype.getBoundingClientRect;
          Element.prototype.getBoundingClientRect = function () { if (onLabel(this)) reads++; return box.call(this); };
          map.once('zoomend', () => {
            map.once('zoomend', () => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => {
              Element.prototype.getBoundingClientRect = box;
              for (const [name, descriptor] of Object.entries(own)) Object.defineProperty(HTMLElement.prototype, name, descriptor);
              resolve(reads);
            })), 500));
            setTimeout(() => map.setZoom(8), 0);
          });
          map.setZoom(9);
        })
        """;

    [Fact]
    public async Task A_zoom_reads_no_label_size_it_has_seen_and_still_no_two_labels_overlap()
    {
        var counties = await web.Database.ScalarAsync<long>("SELECT count(*) FROM counties");
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties");
        await page.WaitForFunctionAsync($"document.querySelectorAll('.leaflet-tooltip.county-label').length >= {counties}");
        using var before = JsonDocument.Parse((await page.EvaluateAsync<JsonElement>(Labels)).GetRawText());

        var reads = await page.EvaluateAsync<int>(ZoomInAndOutCountingLabelReads);
        using var after = JsonDocument.Parse((await page.EvaluateAsync<JsonElement>(Labels)).GetRawText());

        Assert.Equal(0, reads);
        Assert.Empty(Overlapping(after));
        // Back at the same view the same labels are shown, within a pixel of where they were.
        static List<(string Text, double Left, double Top)> Shown(JsonDocument labels) => labels.RootElement.GetProperty("shown").EnumerateArray()
            .Select(b => (b.GetProperty("text").GetString()!, b.GetProperty("left").GetDouble(), b.GetProperty("top").GetDouble())).OrderBy(b => b.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal(Shown(before).Select(b => b.Text), Shown(after).Select(b => b.Text));
        Assert.All(Shown(before).Zip(Shown(after)), pair =>
        {
            Assert.InRange(pair.Second.Left - pair.First.Left, -1, 1);
            Assert.InRange(pair.Second.Top - pair.First.Top, -1, 1);
        });
        Assert.True(before.RootElement.GetProperty("hidden").GetInt32() > 0, "no label was hidden at the overview");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_language_chosen_on_the_map_is_kept_in_its_link()
    {
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties");
        await page.ClickAsync("#lang");
        var link = await page.EvaluateAsync<string>("location.href");
        Assert.Contains("lang=en", link, StringComparison.Ordinal);

        var (again, moreErrors) = await web.OpenAtAsync(link);
        Assert.Equal("en", await again.GetAttributeAsync("html", "lang"));
        Assert.Equal("Layers", (await again.TextContentAsync("#tab-layers"))?.Trim());
        Assert.Empty(errors);
        Assert.Empty(moreErrors);
    }
}
