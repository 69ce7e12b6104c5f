using static Spatial.Web.Tests.Tiles.TiledMap;

namespace Spatial.Web.Tests.Tiles;

/// <summary>
/// A module worker fetches and decodes the tiles into pixels and hands back typed arrays; the page's thread only paints
/// them a few milliseconds per frame, so a pan over thousands of outlines keeps its frames (bench/map-tiles.sh).
/// </summary>
[Collection(WebTests.Name)]
public sealed class TileWorkerTests(WebFixture web)
{
    [Fact]
    public async Task Every_tile_drawn_at_the_overview_was_decoded_by_the_tile_worker_and_none_on_the_pages_thread()
    {
        var (page, errors) = await web.NewPageAsync();
        var tiles = 0;
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/tiles/WebMercatorQuad/", StringComparison.Ordinal) && response.Status == 200) Interlocked.Increment(ref tiles);
        };
        await page.GotoAsync(web.Server.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
        await TilesLoadedAsync(page);

        var worker = Assert.Single(page.Workers, w => w.Url.EndsWith("/app/tile-worker.js", StringComparison.Ordinal));
        var decoded = await worker.EvaluateAsync<int>("() => self.tilesDecoded");
        var painted = await page.Locator("canvas.vector-tile:not([data-features='0'])").CountAsync();
        // What each drawn feature holds: its layer's vertices, as the worker transferred them.
        var held = await page.EvaluateAsync<string[]>("""
            () => [...spatialMap.layers.tiles.values()].flatMap((t) => [...t.drawn.values()])
              .flatMap((tile) => tile.features.slice(0, 1)).map((f) => `${f.layer.coords.constructor.name}/${f.layer.lines.constructor.name}`)
            """);
        var pbfOnThePage = await page.EvaluateAsync<bool>("() => typeof window.Pbf !== 'undefined'");

        Assert.True(painted > 0, "tiles with features drawn");
        Assert.True(decoded >= painted, $"the worker decoded {decoded} tiles, {painted} canvases show features");
        Assert.True(decoded <= tiles, $"the worker decoded {decoded} tiles, {tiles} tiles answered 200");
        Assert.NotEmpty(held);
        Assert.All(held, kind => Assert.Equal("Float32Array/Uint32Array", kind));
        Assert.False(pbfOnThePage, "pbf is loaded on the page's thread");
        Assert.Empty(errors);
    }
}
