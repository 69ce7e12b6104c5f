using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>
/// What the map drew on its canvases — the overview layers' shapes, the project symbols — read from its test hooks
/// (spatialMap.layers.drawnShapes, spatialMap.symbols.drawnSymbols), in page pixels: a canvas has no element per shape.
/// </summary>
public static class CanvasShapes
{
    public static readonly string[] OverviewLayers = ["counties", "water-bodies", "rivers", "borders", "ecological-areas", "industrial-parks"];

    /// <summary>A shape's box (its bounds, without the stroke) and the dashes it is stroked with (null: solid).</summary>
    public sealed record Shape(string Id, double X, double Y, double Width, double Height, string? Dashes);

    /// <summary>A symbol's centre and radius; symbols come bottom to top, as drawn.</summary>
    public sealed record Symbol(string Id, double X, double Y, double Radius);

    public static async Task<Shape[]> ShapesAsync(IPage page, string collection)
    {
        var shapes = await page.EvaluateAsync<JsonElement>("""
            (collection) => {
              const map = document.getElementById('map').getBoundingClientRect();
              return spatialMap.layers.drawnShapes(collection).map((s) => ({
                id: String(s.id), x: map.left + s.box.left, y: map.top + s.box.top, width: s.box.width, height: s.box.height, dashes: s.dashes,
              }));
            }
            """, collection);
        return shapes.EnumerateArray().Select(s => new Shape(s.GetProperty("id").GetString()!, s.GetProperty("x").GetDouble(), s.GetProperty("y").GetDouble(),
            s.GetProperty("width").GetDouble(), s.GetProperty("height").GetDouble(), s.GetProperty("dashes").GetString())).ToArray();
    }

    public static async Task<Symbol[]> SymbolsAsync(IPage page)
    {
        var symbols = await page.EvaluateAsync<JsonElement>("""
            () => {
              const map = document.getElementById('map').getBoundingClientRect();
              return spatialMap.symbols.drawnSymbols().map((s) => ({ id: String(s.id), x: map.left + s.x, y: map.top + s.y, radius: s.radius }));
            }
            """);
        return symbols.EnumerateArray().Select(s => new Symbol(s.GetProperty("id").GetString()!, s.GetProperty("x").GetDouble(),
            s.GetProperty("y").GetDouble(), s.GetProperty("radius").GetDouble())).ToArray();
    }

    /// <summary>
    /// The first symbol whose centre no symbol drawn after it covers (its white stroke included) and where a click
    /// reaches the map (no control over it); with <paramref name="alone"/> one
    /// with 6 px or more between it and every other symbol.
    /// </summary>
    public static async Task<Symbol> ClickableAsync(IPage page, IReadOnlyList<Symbol> symbols, bool alone = false)
    {
        var uncovered = symbols.Where((s, i) => alone
            ? symbols.All(o => o == s || Distance(s, o) > s.Radius + o.Radius + 6)
            : symbols.Skip(i + 1).All(o => Distance(s, o) > o.Radius + 1));
        foreach (var symbol in uncovered)
            if (await ReachesMapAsync(page, symbol.X, symbol.Y)) return symbol;
        throw new InvalidOperationException($"none of {symbols.Count} symbols can be clicked{(alone ? " alone" : "")}");
    }

    /// <summary>Whether a click at this point of the page reaches the map itself, not a control or a panel over it.</summary>
    public static Task<bool> ReachesMapAsync(IPage page, double x, double y) => page.EvaluateAsync<bool>(
        "([x, y]) => { const at = document.elementFromPoint(x, y); return at !== null && at.closest('#map') !== null && at.closest('.leaflet-control') === null; }",
        new object[] { x, y });

    /// <summary>The RGBA of the canvas in a pane at a point of the page, after the frames that paint it.</summary>
    public static async Task<int[]> PixelAsync(IPage page, string pane, double x, double y) =>
        await page.EvaluateAsync<int[]>("""
            async ([pane, x, y]) => {
              await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
              const canvas = document.querySelector(`.leaflet-${pane}-pane > canvas`);
              const box = canvas.getBoundingClientRect();
              const ratio = canvas.width / box.width;
              return [...canvas.getContext('2d').getImageData(Math.floor((x - box.left) * ratio), Math.floor((y - box.top) * ratio), 1, 1).data];
            }
            """, new object[] { pane, x, y });

    private static double Distance(Symbol a, Symbol b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
