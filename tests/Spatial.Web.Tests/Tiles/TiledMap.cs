using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Web.Tests.Tiles;

/// <summary>What the tile tests read from the page: the tile layers' features, canvas pixels, legend colours.</summary>
public static class TiledMap
{
    /// <summary>Every layer, in the plan's order (bottom first): below zoom 13 all are drawn from tiles.</summary>
    public static readonly string[] Layers = ["counties", "water-bodies", "rivers", "borders", "ecological-areas", "planting-zones", "industrial-parks", "projects", "enterprises"];

    /// <summary>Resolves once the tile layer, if it is on the map, has loaded its tiles.</summary>
    public static Task TilesLoadedAsync(IPage page) => page.WaitForFunctionAsync(
        "() => ((t) => !t._map || (!t.isLoading() && !t.isPainting() && Object.keys(t._tiles).length > 0))(spatialMap.layers.tiles)",
        null, new() { Timeout = 120_000, PollingInterval = 200 });

    /// <summary>The ids of the features a layer has drawn from its tiles, each once.</summary>
    public static Task<string[]> DrawnIdsAsync(IPage page, string collection) =>
        page.EvaluateAsync<string[]>("(c) => spatialMap.layers.tiles.drawnFeatures(c).map((f) => f.id)", collection);

    /// <summary>Where a position (lon, lat; shifted to GCJ-02 when <paramref name="gcj"/>) is on the page now.</summary>
    public static async Task<(float X, float Y)> OnPageAsync(IPage page, double lon, double lat, bool gcj = false)
    {
        var point = await page.EvaluateAsync<JsonElement>("""
            ([lon, lat, gcj]) => {
              const [x, y] = gcj ? gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) : [lon, lat];
              const p = spatialMap.map.latLngToContainerPoint([y, x]);
              const box = document.getElementById('map').getBoundingClientRect();
              return [box.left + p.x, box.top + p.y];
            }
            """, new object[] { lon, lat, gcj });
        return (point[0].GetSingle(), point[1].GetSingle());
    }

    /// <summary>The RGBA of the tile canvases, every layer shown on them, at a point of the page ([0,0,0,0] where they drew nothing).</summary>
    public static async Task<int[]> PixelAsync(IPage page, float x, float y) =>
        await page.EvaluateAsync<int[]>("""
            ([x, y]) => {
              for (const canvas of document.querySelectorAll('canvas.vector-tile')) {
                const box = canvas.getBoundingClientRect();
                if (!box.width || x < box.left || x >= box.right || y < box.top || y >= box.bottom) continue;
                // The canvas shows the worker's bitmap (a bitmaprenderer context): read it through a copy.
                const ratio = canvas.width / box.width;
                const copy = new OffscreenCanvas(canvas.width, canvas.height).getContext('2d');
                copy.drawImage(canvas, 0, 0);
                return [...copy.getImageData(Math.floor((x - box.left) * ratio), Math.floor((y - box.top) * ratio), 1, 1).data];
              }
              return [0, 0, 0, 0];
            }
            """, new object[] { (double)x, (double)y });   // Playwright passes a float to the page as no number (NaN)

    /// <summary>The colour the legend shows for a code of a vocabulary, as [r, g, b].</summary>
    public static async Task<int[]> LegendColourAsync(IPage page, string vocabulary, string code)
    {
        var css = await page.Locator($"#legend [data-vocabulary='{vocabulary}'][data-code='{code}'] .swatch").EvaluateAsync<string>("s => getComputedStyle(s).borderTopColor");
        return css.Split('(', ')')[1].Split(',').Take(3).Select(v => int.Parse(v.Trim(), CultureInfo.InvariantCulture)).ToArray();
    }

    public static void SameColour(int[] expected, int[] pixel, string what) =>
        Assert.True(pixel[3] > 0 && expected.Select((v, i) => Math.Abs(v - pixel[i])).Max() <= 3,
            $"{what}: pixel rgba({string.Join(",", pixel)}), expected rgb({string.Join(",", expected)})");
}
