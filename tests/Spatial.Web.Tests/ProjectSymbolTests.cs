using Microsoft.Playwright;

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
        var sited = await web.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE geom IS NOT NULL");
        var largest = await web.Database.ScalarAsync<string>(
            "SELECT id FROM projects WHERE geom IS NOT NULL ORDER BY investment_cny DESC NULLS LAST, id LIMIT 1");
        var smallest = await web.Database.ScalarAsync<string>(
            "SELECT id FROM projects WHERE geom IS NOT NULL AND investment_cny > 0 ORDER BY investment_cny, id LIMIT 1");
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties,projects");
        var symbols = await CanvasShapes.SymbolsAsync(page);
        await WebFixture.ScreenshotAsync(page, "project-symbols-overview");

        Assert.Equal(sited, symbols.Length);
        var big = symbols.Single(s => s.Id == largest);
        var small = symbols.Single(s => s.Id == smallest);
        Assert.True(big.Radius > small.Radius + 2, $"{largest} has a radius of {big.Radius} px, {smallest} {small.Radius} px");
        // Larger symbols below smaller ones, so every one can be clicked.
        Assert.True(Array.IndexOf(symbols, big) < Array.IndexOf(symbols, small), $"{largest} is drawn over {smallest}");

        // A click on a symbol that nothing covers at its centre opens that project's popup, and the map hears no click:
        // the project's outline drawn from tiles under it would read the project by id.
        var uncovered = await CanvasShapes.ClickableAsync(page, symbols);
        var readById = new List<string>();
        page.Request += (_, request) => { lock (readById) if (request.Url.Contains("/collections/projects/items/", StringComparison.Ordinal)) readById.Add(request.Url); };
        await page.Mouse.ClickAsync((float)uncovered.X, (float)uncovered.Y);
        var popup = page.Locator(".leaflet-popup-content .popup");
        await popup.WaitForAsync();
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(uncovered.Id, await popup.GetAttributeAsync("data-feature"));
        lock (readById) Assert.Empty(readById);

        // Switching the projects layer off takes its symbols along, off the canvas too (where the symbol is now: the
        // popup may have panned the map).
        await page.EvaluateAsync("() => { spatialMap.map.closePopup(); }");
        var now = (await CanvasShapes.SymbolsAsync(page)).Single(s => s.Id == uncovered.Id);
        var painted = await CanvasShapes.PixelAsync(page, "project-symbols", now.X, now.Y);
        await page.Locator("[data-layer='projects']").UncheckAsync();
        Assert.Empty(await CanvasShapes.SymbolsAsync(page));
        Assert.NotEqual(0, painted[3]);
        Assert.Equal(0, (await CanvasShapes.PixelAsync(page, "project-symbols", now.X, now.Y))[3]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_symbol_is_painted_on_the_symbols_canvas_in_its_sectors_colour_and_shows_the_pointer()
    {
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties,projects");
        var alone = await CanvasShapes.ClickableAsync(page, await CanvasShapes.SymbolsAsync(page), alone: true);
        var sector = await web.Database.ScalarAsync<string>("SELECT sector FROM projects WHERE id = $1", alone.Id);

        var centre = await CanvasShapes.PixelAsync(page, "project-symbols", alone.X, alone.Y);
        var outside = await CanvasShapes.PixelAsync(page, "project-symbols", alone.X + alone.Radius + 3, alone.Y);
        await page.Mouse.MoveAsync((float)alone.X, (float)alone.Y);
        await page.WaitForFunctionAsync("() => document.getElementById('map').classList.contains('over-shape')");
        var cursor = await page.EvaluateAsync<string>("([x, y]) => getComputedStyle(document.elementFromPoint(x, y)).cursor", new object[] { alone.X, alone.Y });

        Tiles.TiledMap.SameColour(await Tiles.TiledMap.LegendColourAsync(page, "sectors", sector), centre, $"{alone.Id} at its centre");
        Assert.Equal(0, outside[3]);
        Assert.Equal("pointer", cursor);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Zoomed_in_the_symbols_give_way_to_outlines()
    {
        var (page, errors) = await web.OpenAsync("/#z=12&lat=45.29600&lon=130.96700&layers=counties,projects");
        await Tiles.TiledMap.TilesLoadedAsync(page);

        Assert.Empty(await CanvasShapes.SymbolsAsync(page));
        Assert.NotEmpty(await Tiles.TiledMap.DrawnIdsAsync(page, "projects"));
        Assert.Empty(errors);
    }
}
