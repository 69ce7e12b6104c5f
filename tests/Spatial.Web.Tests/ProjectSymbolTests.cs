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
        var symbols = page.Locator("path[class*='symbol-projects-']");
        await WebFixture.ScreenshotAsync(page, "project-symbols-overview");

        Assert.Equal(sited, await symbols.CountAsync());
        var big = (await page.Locator($"path.symbol-projects-{largest}").BoundingBoxAsync())!;
        var small = (await page.Locator($"path.symbol-projects-{smallest}").BoundingBoxAsync())!;
        Assert.True(big.Width > small.Width + 4, $"{largest} is {big.Width} px, {smallest} {small.Width} px");

        // A click on a symbol that nothing covers at its centre opens that project's popup.
        var uncovered = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll("path[class*='symbol-projects-']")].map((p) => {
              const r = p.getBoundingClientRect();
              return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === p ? p.getAttribute('class') : null;
            }).find(Boolean).match(/symbol-projects-(\S+)/)[1]
            """);
        await page.Locator($"path.symbol-projects-{uncovered}").ClickAsync();
        var popup = page.Locator(".leaflet-popup-content .popup");
        await popup.WaitForAsync();
        Assert.Equal(uncovered, await popup.GetAttributeAsync("data-feature"));

        // Switching the projects layer off takes its symbols along.
        await page.Locator("[data-layer='projects']").UncheckAsync();
        Assert.Equal(0, await symbols.CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Zoomed_in_the_symbols_give_way_to_outlines()
    {
        var (page, errors) = await web.OpenAsync("/#z=12&lat=45.29600&lon=130.96700&layers=counties,projects");
        await Tiles.TiledMap.TilesLoadedAsync(page);

        Assert.Equal(0, await page.Locator("path[class*='symbol-projects-']").CountAsync());
        Assert.NotEmpty(await Tiles.TiledMap.DrawnIdsAsync(page, "projects"));
        Assert.Empty(errors);
    }
}
