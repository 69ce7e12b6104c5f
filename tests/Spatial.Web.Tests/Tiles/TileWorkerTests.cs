using System.Text.Json;
using Microsoft.Playwright;
using static Spatial.Web.Tests.Tiles.TiledMap;

namespace Spatial.Web.Tests.Tiles;

/// <summary>
/// A module worker fetches, decodes and paints the tiles and hands back a bitmap and typed arrays; the page's thread
/// only shows the bitmap, so a pan over thousands of outlines keeps its frames (bench/map-tiles.sh).
/// </summary>
[Collection(WebTests.Name)]
public sealed class TileWorkerTests(WebFixture web)
{
    [Fact]
    public async Task Every_tile_drawn_at_the_overview_was_decoded_and_painted_by_the_tile_worker_and_none_on_the_pages_thread()
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
        var paintedByWorker = await worker.EvaluateAsync<int>("() => self.tilesPainted");
        var painted = await page.Locator("canvas.vector-tile:not([data-features='0'])").CountAsync();
        // A canvas showing a bitmap has a bitmaprenderer context, so it has no 2d one: the page drew on none of them.
        var drawnOnThePage = await page.Locator("canvas.vector-tile:not([data-features='0'])")
            .EvaluateAllAsync<int>("canvases => canvases.filter((c) => c.getContext('2d') !== null).length");
        // What each drawn feature holds: its layer's vertices, as the worker transferred them.
        var held = await page.EvaluateAsync<string[]>("""
            () => [...spatialMap.layers.tiles.drawn.values()]
              .flatMap((tile) => tile.layers.filter((l) => l.types.length).slice(0, 1)).map((l) => `${l.coords.constructor.name}/${l.lines.constructor.name}`)
            """);
        var pbfOnThePage = await page.EvaluateAsync<bool>("() => typeof window.Pbf !== 'undefined'");

        Assert.True(painted > 0, "tiles with features drawn");
        Assert.True(decoded >= painted, $"the worker decoded {decoded} tiles, {painted} canvases show features");
        Assert.True(decoded <= tiles, $"the worker decoded {decoded} tiles, {tiles} tiles answered 200");
        Assert.True(paintedByWorker >= painted, $"the worker painted {paintedByWorker} canvases, {painted} show features");
        Assert.Equal(0, drawnOnThePage);
        Assert.NotEmpty(held);
        Assert.All(held, kind => Assert.Equal("Float32Array/Uint32Array", kind));
        Assert.False(pbfOnThePage, "pbf is loaded on the page's thread");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Back_at_a_zoom_it_has_shown_the_worker_shows_its_painted_tiles_again_without_painting_them_anew()
    {
        var (page, errors) = await web.OpenAsync("/#z=9&lat=45.25000&lon=131.80000&layers=counties,planting-zones,projects,enterprises");
        await TilesLoadedAsync(page);
        var worker = Assert.Single(page.Workers, w => w.Url.EndsWith("/app/tile-worker.js", StringComparison.Ordinal));
        var first = await DrawnAsync(page);
        var paintedAtFirst = await worker.EvaluateAsync<int>("() => self.tilesPainted");

        await page.EvaluateAsync("() => new Promise((resolve) => { spatialMap.map.once('zoomend', () => resolve()); spatialMap.map.setZoom(10, { animate: false }); })");
        await TilesLoadedAsync(page);
        var paintedAt10 = await worker.EvaluateAsync<int>("() => self.tilesPainted");
        var reusedBefore = await worker.EvaluateAsync<int>("() => self.tilesReused");
        await page.EvaluateAsync("() => new Promise((resolve) => { spatialMap.map.once('zoomend', () => resolve()); spatialMap.map.setZoom(9, { animate: false }); })");
        await TilesLoadedAsync(page);
        var again = await DrawnAsync(page);
        var reused = await worker.EvaluateAsync<int>("() => self.tilesReused") - reusedBefore;

        Assert.True(paintedAt10 > paintedAtFirst, $"zoom 10 painted {paintedAt10 - paintedAtFirst} new tiles");
        Assert.Equal(paintedAt10, await worker.EvaluateAsync<int>("() => self.tilesPainted"));
        Assert.True(reused >= first.Count(t => t.Features > 0), $"{reused} tiles shown again, {first.Count(t => t.Features > 0)} with features at zoom 9");
        Assert.Equal(first, again);
        Assert.Empty(errors);
    }

    /// <summary>Each tile canvas shown: its layers and tile, how many features it holds and a digest of its pixels.</summary>
    private static async Task<(string Tile, int Features, double Digest)[]> DrawnAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("""
            () => Object.values(spatialMap.layers.tiles._tiles)
              .filter((t) => t.coords.z === spatialMap.map.getZoom())
              .map((t) => {
                const copy = new OffscreenCanvas(t.el.width, t.el.height).getContext('2d');
                copy.drawImage(t.el, 0, 0);
                const pixels = copy.getImageData(0, 0, t.el.width, t.el.height).data;
                let digest = 0;
                for (let i = 0; i < pixels.length; i += 1) digest = (digest * 31 + pixels[i] * (i % 251 + 1)) % 1000000007;
                return [`${t.el.dataset.collections}/${t.coords.z}/${t.coords.x}/${t.coords.y}`, Number(t.el.dataset.features ?? 0), digest];
              })
              .sort((a, b) => (a[0] < b[0] ? -1 : 1))
            """)).EnumerateArray().Select(t => (t[0].GetString()!, t[1].GetInt32(), t[2].GetDouble())).ToArray();
}
