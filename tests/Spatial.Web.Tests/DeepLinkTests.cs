using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>
/// The URL hash keeps the view, the layers, the county and the project. Each test checks what the map
/// shows — where a known feature is drawn, which layers have shapes — never only the URL it opened.
/// </summary>
[Collection(WebTests.Name)]
public sealed class DeepLinkTests(WebFixture web)
{
    [Fact]
    public async Task A_deep_link_centres_the_map_on_its_point_at_its_zoom()
    {
        var (west, south, east, north) = await BoundsAsync("JX-01");
        var (lon, lat) = ((west + east) / 2, (south + north) / 2);
        // The largest zoom at which the project is still under 300 px wide.
        var zoom = Enumerable.Range(10, 8).Last(z => WidthInPixels(east - west, z) < 300);

        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture,
            $"/#z={zoom}&lat={lat:F5}&lon={lon:F5}&layers=counties,projects"));
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        var drawn = (await page.Locator("path.feature-projects-JX-01").BoundingBoxAsync())!;
        await WebFixture.ScreenshotAsync(page, "deep-link-view");

        // Leaflet puts the centre of the view at the centre of the map; the stroke adds a pixel or two each side.
        Assert.InRange(drawn.X + drawn.Width / 2 - (map.X + map.Width / 2), -4, 4);
        Assert.InRange(drawn.Y + drawn.Height / 2 - (map.Y + map.Height / 2), -4, 4);
        Assert.InRange(drawn.Width, WidthInPixels(east - west, zoom) - 1, WidthInPixels(east - west, zoom) + 5);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_deep_link_shows_only_its_layers_and_opens_its_county_panel()
    {
        var (page, errors) = await web.OpenAsync("/#z=9&lat=45.50000&lon=132.00000&layers=counties,projects&county=230382");
        await page.WaitForSelectorAsync("#county-zones tr:nth-child(2)");

        var checkedLayers = await page.Locator("[data-layer]:checked").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.dataset.layer)");
        // At zoom 9 projects, planting zones and parks are drawn from tiles.
        await Tiles.TiledMap.TilesLoadedAsync(page);
        var projects = (await Tiles.TiledMap.DrawnIdsAsync(page, "projects")).Length;
        var zones = (await Tiles.TiledMap.DrawnIdsAsync(page, "planting-zones")).Length
            + await page.Locator("path[class*='feature-planting-zones-']").CountAsync();
        var parks = (await Tiles.TiledMap.DrawnIdsAsync(page, "industrial-parks")).Length
            + await page.Locator("path[class*='feature-industrial-parks-']").CountAsync();

        Assert.Equal(["counties", "projects"], checkedLayers);
        Assert.True(projects > 0, "the projects layer is drawn");
        Assert.Equal(0, zones + parks);
        Assert.Equal("230382", await page.InputValueAsync("#county-select"));
        Assert.Equal("true", await page.GetAttributeAsync("#tab-county", "aria-selected"));
        Assert.Contains("密山市月见草、刺五加、紫苏种植区", await page.Locator("#county-zones").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_deep_link_to_a_project_opens_its_popup_and_zooms_to_it()
    {
        var (page, errors) = await web.OpenAsync("/#project=JX-01");
        var popup = page.Locator(".leaflet-popup-content .popup");
        await popup.WaitForAsync();
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        var drawn = (await page.Locator("path.feature-projects-JX-01").BoundingBoxAsync())!;

        Assert.Equal("JX-01", await popup.GetAttributeAsync("data-feature"));
        Assert.Contains("黑龙江珍宝岛药业股份有限公司化药原料药三期工程", await popup.TextContentAsync(), StringComparison.Ordinal);
        // Fitted to the project: far larger than at the default zoom 8, where it is a few pixels.
        Assert.True(drawn.Width > 50 && drawn.X >= map.X && drawn.X + drawn.Width <= map.X + map.Width, $"JX-01 drawn {drawn.Width} px wide at x={drawn.X}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_deep_link_to_a_project_without_a_site_opens_its_popup_saying_so()
    {
        var unlocated = await web.Database.ScalarAsync<string>("SELECT min(id) FROM projects WHERE geom IS NULL");

        var (page, errors) = await web.OpenAsync("/#project=" + unlocated);
        var popup = page.Locator(".leaflet-popup-content .popup");
        await popup.WaitForAsync();

        Assert.Equal(unlocated, await popup.GetAttributeAsync("data-feature"));
        Assert.Contains("规划未给出选址", await page.Locator(".leaflet-popup-content").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_url_the_map_writes_opens_the_same_view_layers_and_county_in_a_new_page()
    {
        var (page, errors) = await web.OpenAsync();
        await page.UncheckAsync("[data-layer=planting-zones]");
        await page.ClickAsync("#tab-county");
        await page.SelectOptionAsync("#county-select", "230382");
        await page.WaitForSelectorAsync("#county-zones tr:nth-child(2)");
        await page.WaitForFunctionAsync("() => location.hash.includes('county=230382')");
        await SettledAsync(page);
        var written = page.Url;
        var before = await ShownAsync(page);

        var (again, againErrors) = await web.OpenAsync(written[web.Server.Url.Length..]);
        await again.WaitForSelectorAsync("#county-zones tr:nth-child(2)");
        await SettledAsync(again);
        var after = await ShownAsync(again);

        Assert.DoesNotContain("planting-zones", before.Layers);
        Assert.Equal(before.Layers, after.Layers);
        Assert.Equal("230382", after.County);
        Assert.Equal(before.Mishan.X, after.Mishan.X, 1.0);
        Assert.Equal(before.Mishan.Y, after.Mishan.Y, 1.0);
        Assert.Equal(before.Mishan.Width, after.Mishan.Width, 1.0);
        Assert.Empty(errors);
        Assert.Empty(againErrors);
    }

    // Three zooms, each started at the previous one's end, as a wheel or the +/- buttons do: the URL is written once,
    // after the last, and never while a zoom runs (history.replaceState is counted, with the zoom at each call).
    private const string ZoomThreeTimesAndCountUrlWrites = """
        () => new Promise((resolve) => {
          const { map } = spatialMap;
          const writes = [];
          const replace = history.replaceState.bind(history);
          history.replaceState = (...args) => { writes.push({ zoom: map.getZoom(), moving: Boolean(map._animatingZoom) }); replace(...args); };
          const steps = [9, 10, 9];
          const next = () => {
            const zoom = steps.shift();
            if (zoom === undefined) { setTimeout(() => resolve({ writes, hash: location.hash }), 1500); return; }
            map.once('zoomend', () => setTimeout(next, 0));
            map.setZoom(zoom);
          };
          next();
        })
        """;

    [Fact]
    public async Task The_url_is_written_once_when_the_map_rests_not_at_each_zoom_end()
    {
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties,projects");
        await SettledAsync(page);

        using var result = JsonDocument.Parse((await page.EvaluateAsync<JsonElement>(ZoomThreeTimesAndCountUrlWrites)).GetRawText());

        var writes = result.RootElement.GetProperty("writes").EnumerateArray()
            .Select(w => (Zoom: w.GetProperty("zoom").GetInt32(), Moving: w.GetProperty("moving").GetBoolean())).ToList();
        Assert.Equal([(9, false)], writes);
        Assert.Contains("z=9&", result.RootElement.GetProperty("hash").GetString(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    private static async Task<(string[] Layers, string County, LocatorBoundingBoxResult Mishan)> ShownAsync(IPage page) => (
        await page.Locator("[data-layer]:checked").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.dataset.layer)"),
        await page.InputValueAsync("#county-select"),
        // The selected county's outline (the highlight; below zoom 13 the county itself is on the tiles).
        (await page.Locator(".leaflet-highlight-pane path").BoundingBoxAsync())!);

    /// <summary>Web Mercator at zoom z: 256 · 2^z pixels round the world.</summary>
    private static double WidthInPixels(double degrees, int zoom) => degrees * 256 * Math.Pow(2, zoom) / 360;

    private async Task<(double West, double South, double East, double North)> BoundsAsync(string project)
    {
        using var client = new HttpClient();
        var feature = JsonDocument.Parse(await client.GetStringAsync(new Uri($"{web.Server.Url}/collections/projects/items/{project}"))).RootElement;
        var positions = Positions(feature.GetProperty("geometry").GetProperty("coordinates")).ToList();
        return (positions.Min(p => p.Lon), positions.Min(p => p.Lat), positions.Max(p => p.Lon), positions.Max(p => p.Lat));
    }

    private static IEnumerable<(double Lon, double Lat)> Positions(JsonElement coordinates) =>
        coordinates[0].ValueKind == JsonValueKind.Number
            ? [(coordinates[0].GetDouble(), coordinates[1].GetDouble())]
            : coordinates.EnumerateArray().SelectMany(Positions);

    /// <summary>Waits until the map has stopped moving: no zoom animation and the same URL over half a second.</summary>
    private static async Task SettledAsync(Microsoft.Playwright.IPage page)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        var last = "";
        while (DateTime.UtcNow < until)
        {
            var now = await page.EvaluateAsync<string>("() => location.hash + (document.querySelector('.leaflet-zoom-anim') ? ' moving' : '')");
            if (now == last && !now.EndsWith(" moving", StringComparison.Ordinal)) return;
            last = now;
            await Task.Delay(500);
        }
    }
}
