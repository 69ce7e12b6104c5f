using System.Text;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

[Collection(WebTests.Name)]
public sealed class MapTests(WebFixture web)
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt");

    [Fact]
    public async Task The_layout_map_loads_every_layer_with_a_legend_and_no_console_error()
    {
        var (page, errors) = await web.OpenAsync();

        var switches = await page.Locator("[data-layer]").CountAsync();
        await Tiles.TiledMap.TilesLoadedAsync(page);
        var shapes = await page.Locator(".leaflet-map-pane path.leaflet-interactive").CountAsync();
        var fromTiles = 0;
        foreach (var layer in Tiles.TiledMap.Layers) fromTiles += (await Tiles.TiledMap.DrawnIdsAsync(page, layer)).Length;
        var countyLabels = await page.Locator(".county-label").AllTextContentsAsync();
        await WebFixture.ScreenshotAsync(page, "layout-map-1366");

        Assert.Equal(9, switches);
        Assert.True(shapes + fromTiles > 100, $"{shapes} shapes and {fromTiles} features from tiles drawn");
        Assert.True(fromTiles > 0, "the layers are drawn from tiles at the overview zoom");
        Assert.Contains("密山市", countyLabels);
        Assert.Contains("绥芬河市", countyLabels);
        Assert.Contains("中草药", await page.Locator("#legend").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(15, await page.Locator("#unlocated li").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_map_loads_every_script_style_and_layer_from_the_service_itself_with_no_cdn()
    {
        var (page, errors) = await web.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };

        await page.GotoAsync(web.Server.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });

        lock (requested)
        {
            Assert.Contains(requested, url => url.EndsWith(".js", StringComparison.Ordinal));
            Assert.All(requested.Where(url => !url.StartsWith("data:", StringComparison.Ordinal)),
                url => Assert.StartsWith(web.Server.Url + "/", url, StringComparison.Ordinal));
        }
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Clicking_a_project_opens_its_popup_with_its_attributes()
    {
        var (page, errors) = await web.OpenAsync();
        await page.FillAsync("#search", "JX-01");
        await page.Locator("#search").DispatchEventAsync("change");
        await page.WaitForSelectorAsync(".leaflet-popup");
        // The search zooms to the project (maxZoom 16); the URL records the view once the map has settled.
        await page.WaitForFunctionAsync("() => location.hash.includes('z=16')");
        await page.Locator(".leaflet-popup-close-button").ClickAsync();

        await page.Locator("path.feature-projects-JX-01").ClickAsync();
        var popup = page.Locator(".leaflet-popup-content .popup");
        await popup.WaitForAsync();
        var text = await popup.TextContentAsync();
        await WebFixture.ScreenshotAsync(page, "project-popup");

        Assert.Equal("JX-01", await popup.GetAttributeAsync("data-feature"));
        Assert.Contains("黑龙江珍宝岛药业股份有限公司化药原料药三期工程", text, StringComparison.Ordinal);
        Assert.Contains("4.90 亿元", text, StringComparison.Ordinal);
        Assert.Contains("示意位置", text, StringComparison.Ordinal);
        Assert.Contains("亩", text, StringComparison.Ordinal);
        Assert.Contains("鸡冠区", text, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Indicative_outlines_are_dashed_and_derived_or_surveyed_ones_solid()
    {
        var (page, errors) = await web.OpenAsync();
        var features = new List<(string Class, bool Indicative)>();
        foreach (var (layer, table) in new[] { ("ecological-areas", "ecological_areas"), ("planting-zones", "planting_zones"), ("industrial-parks", "industrial_parks") })
        {
            await using var command = web.Database.DataSource.CreateCommand($"SELECT id, geometry_source = 'indicative' FROM {table} WHERE geom IS NOT NULL ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                features.Add(($"path.feature-{layer}-{System.Text.RegularExpressions.Regex.Replace(reader.GetString(0), "[^A-Za-z0-9_-]", "_")}", reader.GetBoolean(1)));
        }

        // Below zoom 13 every layer is drawn from tiles: the dashes their canvas stroke used, by id.
        await Tiles.TiledMap.TilesLoadedAsync(page);
        var tileDashes = new Dictionary<string, string?>();
        foreach (var layer in new[] { "ecological-areas", "planting-zones", "industrial-parks" })
        {
            foreach (var pair in await page.EvaluateAsync<string[][]>("(c) => spatialMap.layers.tiles.drawnFeatures(c).map((f) => [f.id, f.dashes])", layer))
                tileDashes[$"path.feature-{layer}-" + System.Text.RegularExpressions.Regex.Replace(pair[0], "[^A-Za-z0-9_-]", "_")] = pair[1] is "" ? null : pair[1];
        }
        var drawn = new List<(string Class, bool Indicative, string? Dashes)>();
        foreach (var (selector, indicative) in features)
        {
            Assert.True(tileDashes.TryGetValue(selector, out var dashes), $"{selector} is not drawn from tiles");
            drawn.Add((selector, indicative, dashes));
        }

        Assert.Contains(drawn, d => d.Indicative);
        Assert.Contains(drawn, d => !d.Indicative);
        Assert.All(drawn, d => Assert.True(d.Dashes == (d.Indicative ? "6 4" : null), $"{d.Class}: indicative {d.Indicative}, stroke-dasharray {d.Dashes}"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_county_panel_for_mishan_shows_its_zones_and_its_csv_downloads_with_chinese_intact()
    {
        var (page, errors) = await web.OpenAsync();
        await page.ClickAsync("#tab-county");
        await page.SelectOptionAsync("#county-select", "230382");
        await page.WaitForSelectorAsync("#county-zones tr:nth-child(2)");

        var zones = await page.Locator("#county-zones").TextContentAsync();
        var sectors = await page.Locator("#county-sectors").TextContentAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[data-csv=zones]"));
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        await WebFixture.ScreenshotAsync(page, "county-mishan");

        Assert.Contains("密山市月见草、刺五加、紫苏种植区", zones, StringComparison.Ordinal);
        Assert.Contains("月见草、刺五加、紫苏", zones, StringComparison.Ordinal);
        Assert.Contains("生物能源", sectors, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("密山市二人班乡玉米种植区", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("county=230382", page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Uploading_the_land_parcel_example_shows_the_report_and_highlights_the_overlaps()
    {
        var (page, errors) = await web.OpenAsync();
        await page.ClickAsync("#tab-footprint");
        await page.SetInputFilesAsync("#file", Example);
        await page.WaitForSelectorAsync("#verdict");

        var report = await page.Locator("#report").TextContentAsync();
        var highlighted = await page.Locator("path[stroke='#cf1322']").CountAsync();
        var outlines = await page.Locator("path[stroke='#111']").CountAsync();
        await WebFixture.ScreenshotAsync(page, "footprint-report");

        Assert.Contains("地块1", report, StringComparison.Ordinal);
        Assert.Contains("地块2", report, StringComparison.Ordinal);
        Assert.Contains("53,418.81 m²", report, StringComparison.Ordinal);
        Assert.Contains("80.13 亩", report, StringComparison.Ordinal);
        Assert.Contains("鸡冠区", report, StringComparison.Ordinal);
        Assert.Equal(2, outlines);
        Assert.True(highlighted > 0, "overlaps are drawn in red");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Switching_language_changes_every_label_and_back()
    {
        var (page, errors) = await web.OpenAsync();

        await page.ClickAsync("#lang");
        var english = (Title: await page.TextContentAsync("h1"), Tab: await page.TextContentAsync("#tab-footprint"), Legend: await page.TextContentAsync("#legend"),
                       Counties: await page.Locator(".county-label").AllTextContentsAsync());
        await WebFixture.ScreenshotAsync(page, "english");
        await page.ClickAsync("#lang");

        Assert.Equal("Bio-economy layout of Jixi and Suifenhe", english.Title);
        Assert.Equal("Footprint check", english.Tab);
        Assert.Contains("Medicinal herbs", english.Legend, StringComparison.Ordinal);
        Assert.Contains("Mishan City", english.Counties);
        Assert.Contains("密山市", await page.Locator(".county-label").AllTextContentsAsync());
        Assert.Equal("鸡西市、绥芬河市生物经济产业布局图", await page.TextContentAsync("h1"));
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task On_a_1024_by_768_tablet_the_panel_and_map_fit_and_tabs_work_by_keyboard()
    {
        var (page, errors) = await web.OpenAsync(width: 1024, height: 768);

        await page.FocusAsync("#tab-layers");
        await page.Keyboard.PressAsync("ArrowRight");
        var selected = await page.GetAttributeAsync("#tab-county", "aria-selected");
        var panel = await page.Locator(".panel").BoundingBoxAsync();
        var map = await page.Locator("#map").BoundingBoxAsync();
        await WebFixture.ScreenshotAsync(page, "tablet-1024");

        Assert.Equal("true", selected);
        Assert.True(panel!.Width >= 280 && map!.Width >= 600 && panel.Width + map.Width <= 1024.5);
        Assert.True(map.Height > 600);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_gaode_basemap_shifts_our_layers_to_gcj02_for_display_only()
    {
        var (page, errors) = await web.OpenAsync("/#z=14&lat=45.29600&lon=130.96700&layers=counties,projects");
        // No internet here: Gaode's tiles are answered with a blank image.
        await page.RouteAsync("**/appmaptile**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=") }));
        var before = await page.Locator("path.feature-projects-JX-01").BoundingBoxAsync();

        await page.SelectOptionAsync("#basemap", "gaode");
        var after = await page.Locator("path.feature-projects-JX-01").BoundingBoxAsync();
        var note = await page.TextContentAsync("#status");

        // ≈ 630 m east and 240 m north at 鸡西 — at zoom 14 (≈ 6.7 m per pixel here) about 90 px right and 36 px up.
        Assert.InRange(after!.X - before!.X, 70, 110);
        Assert.InRange(before.Y - after.Y, 25, 50);
        Assert.Contains("GCJ-02", note, StringComparison.Ordinal);
        Assert.Contains("basemap=gaode", page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Drawing_a_polygon_checks_it_and_reports_the_county_under_it()
    {
        var (page, errors) = await web.OpenAsync("/#z=12&lat=45.55000&lon=131.87000&layers=counties");
        await page.ClickAsync("#tab-footprint");
        await page.ClickAsync("#draw");
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        var (cx, cy) = (map.X + map.Width / 2, map.Y + map.Height / 2);
        foreach (var (dx, dy) in new[] { (-60, -60), (60, -60), (60, 60), (-60, 60), (-60, -60) })
        {
            await page.Mouse.ClickAsync(cx + dx, cy + dy);
            await page.WaitForTimeoutAsync(150);
        }
        await page.WaitForSelectorAsync("#verdict");
        var report = await page.Locator("#report").TextContentAsync();
        await WebFixture.ScreenshotAsync(page, "footprint-drawn");

        Assert.Contains("密山市 100.0%", report, StringComparison.Ordinal);
        Assert.Contains("亩", report, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("path[stroke='#111']").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task When_the_api_fails_the_page_says_so_plainly()
    {
        var (page, errors) = await web.NewPageAsync();
        await page.RouteAsync("**/collections/projects/items**", route => route.FulfillAsync(new()
        {
            Status = 503, ContentType = "application/problem+json",
            Body = """{"title":"Database unavailable","status":503,"detail":"The database cannot be reached."}""",
        }));

        await page.GotoAsync(web.Server.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready='error']");
        var message = await page.TextContentAsync("#status [role=alert]");
        await WebFixture.ScreenshotAsync(page, "api-failure");

        Assert.Contains("服务暂不可用", message, StringComparison.Ordinal);
        Assert.Contains("503 The database cannot be reached.", message, StringComparison.Ordinal);
        Assert.All(errors, error => Assert.StartsWith("Failed to load resource: the server responded with a status of 503", error, StringComparison.Ordinal));
    }
}
