using System.Text.Json;

namespace Spatial.Web.Tests;

/// <summary>
/// At the overview every project with a site stands as a symbol, sized by its investment, that opens its popup;
/// zoomed in, the symbols give way to the outlines.
/// </summary>
[Collection(WebTests.Name)]
public sealed class ProjectSymbolTests(WebFixture web)
{
    [Fact]
    public async Task At_the_overview_each_sited_project_is_a_symbol_sized_by_its_investment()
    {
        var sited = await web.Database.ScalarAsync<string[]>("SELECT array_agg(id ORDER BY id) FROM projects WHERE geom IS NOT NULL");
        var largest = await web.Database.ScalarAsync<string>(
            "SELECT id FROM projects WHERE geom IS NOT NULL ORDER BY investment_cny DESC NULLS LAST, id LIMIT 1");
        var smallest = await web.Database.ScalarAsync<string>(
            "SELECT id FROM projects WHERE geom IS NOT NULL AND investment_cny > 0 ORDER BY investment_cny, id LIMIT 1");
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties,projects");
        await Tiles.TiledMap.TilesLoadedAsync(page);
        await WebFixture.ScreenshotAsync(page, "project-symbols-overview");
        const string Drawn = "() => spatialMap.layers.tiles.drawnSymbols()";
        var drawn = (await page.EvaluateAsync<JsonElement>(Drawn)).EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => (Lon: s.GetProperty("lon").GetDouble(), Lat: s.GetProperty("lat").GetDouble(), Radius: s.GetProperty("radius").GetDouble()));

        // The symbols are painted on the tiles (no element of their own), every sited project's, and by investment.
        Assert.Equal(sited, drawn.Keys.Order().ToArray());
        Assert.Equal(0, await page.Locator(".leaflet-interactive").CountAsync());
        Assert.True(drawn[largest].Radius > drawn[smallest].Radius + 2, $"{largest}: radius {drawn[largest].Radius} px, {smallest}: {drawn[smallest].Radius} px");
        var (bx, by) = await Tiles.TiledMap.OnPageAsync(page, drawn[largest].Lon, drawn[largest].Lat);
        Assert.True((await Tiles.TiledMap.PixelAsync(page, bx, by))[3] > 200, $"{largest}'s symbol painted at its centre");

        // A click on a symbol that no later (smaller, painted over it) symbol covers at its centre opens that project's popup.
        var uncovered = await page.EvaluateAsync<string>("""
            () => {
              const map = spatialMap.map, tiles = spatialMap.layers.tiles;
              const ids = new Set(tiles.drawnSymbols().map((s) => s.id));
              const all = tiles.symbols.list.filter((s) => ids.has(s.id));
              const at = (s) => map.latLngToContainerPoint([s.lat, s.lon]);
              return all.find((s, i) => all.slice(i + 1).every((o) => at(o).distanceTo(at(s)) > o.radius + 2)
                && L.bounds([10, 10], map.getSize().subtract([10, 10])).contains(at(s))).id;
            }
            """);
        var (x, y) = await Tiles.TiledMap.OnPageAsync(page, drawn[uncovered].Lon, drawn[uncovered].Lat);
        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator(".leaflet-popup-content .popup");
        await popup.WaitForAsync();
        Assert.Equal(uncovered, await popup.GetAttributeAsync("data-feature"));

        // Switching the projects layer off takes its symbols along.
        await page.Locator("[data-layer='projects']").UncheckAsync();
        await Tiles.TiledMap.TilesLoadedAsync(page);
        Assert.Equal(0, (await page.EvaluateAsync<JsonElement>(Drawn)).GetArrayLength());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Zoomed_in_the_symbols_give_way_to_outlines()
    {
        var (page, errors) = await web.OpenAsync("/#z=12&lat=45.29600&lon=130.96700&layers=counties,projects");
        await Tiles.TiledMap.TilesLoadedAsync(page);

        Assert.Equal(0, await page.EvaluateAsync<int>("() => spatialMap.layers.tiles.drawnSymbols().length"));
        Assert.NotEmpty(await Tiles.TiledMap.DrawnIdsAsync(page, "projects"));
        Assert.Empty(errors);
    }
}
