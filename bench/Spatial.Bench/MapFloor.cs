using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Bench;

/// <summary>
/// What this headless, software-rendered Chromium can do at all (BENCH_MAP_FLOOR=1 bench/map-tiles.sh): the scripted
/// moves and frame recording of <see cref="MapTileTimings"/> on a bare Leaflet map (the same Leaflet, container size,
/// centre and zoom, no layers), on the real map with everything, or one group of layers, switched off after it has
/// loaded, and on the real map as it is; the variants alternate round by round. Before the moves each page idles
/// for 2 s with only its frames recorded, which says whether requestAnimationFrame itself is throttled.
/// </summary>
public static class MapFloor
{
    private static readonly string[] DenseLayers = ["planting-zones", "industrial-parks", "projects", "enterprises"];
    private static readonly string[] OverviewLayers = ["counties", "water-bodies", "rivers", "borders", "ecological-areas"];

    // Each variant switches its parts off through what the page already has (spatialMap, Leaflet's own layers) and
    // counts what it switched off, so a variant that finds nothing to remove fails instead of timing the real map
    // under another name. Below zoom 13 every layer is on the tiles: a layer leaves them (they repaint without it)
    // while its group stays on the map; a group switched off leaves them too. The projects' symbols are painted on the
    // tiles with the projects (the tile layer's setSymbols), and go with them; the counties' labels are their own
    // group, in the counties' group.
    private static string TilesOff(params string[] ids) =>
        $"{{ const t = spatialMap.layers.tiles, keep = t.shown.filter((id) => !{Json(ids)}.includes(id)); n += t.shown.length - keep.length; " +
        "t.show(keep); if (keep.length) t.repaint(); else spatialMap.map.removeLayer(t); }";
    private static string GroupsOff(string[] ids) =>
        $"for (const id of {Json(ids)}) {{ const g = spatialMap.layers.groups.get(id); if (spatialMap.map.hasLayer(g)) {{ spatialMap.map.removeLayer(g); n++; }} }}";
    private const string SymbolsOff =
        "{ const t = spatialMap.layers.tiles, { collection, list, below } = t.symbols; n += list.length; t.setSymbols(collection, [], below); }";
    private const string LabelsOff =
        "{ const g = spatialMap.layers.labelGroup; n += g.getLayers().length; g.clearLayers(); }";

    private static string Off(params string[] parts) => "() => { let n = 0; " + string.Join(" ", parts) + " return n; }";

    private sealed record Variant(string Name, bool Bare, string? Off);

    private static readonly Variant[] Variants =
    [
        new("bare Leaflet", true, null),
        new("real, all off", false, Off(SymbolsOff, GroupsOff([.. OverviewLayers, .. DenseLayers]))),
        new("real, tiles only", false, Off(SymbolsOff, LabelsOff)),
        new("real, project tiles only", false, Off(SymbolsOff, LabelsOff, TilesOff([.. OverviewLayers, .. DenseLayers.Where(id => id != "projects")]))),
        new("real − dense tiles", false, Off(TilesOff(DenseLayers))),
        new("real − project tiles", false, Off(TilesOff("projects"))),
        new("real − overview", false, Off(GroupsOff(OverviewLayers))),
        new("real − symbols", false, Off(SymbolsOff)),
        new("real − labels", false, Off(LabelsOff)),
        new("real", false, null),
    ];

    private const string Idle = """
        async () => {
          const frames = [], start = performance.now();
          let last = start;
          await new Promise((resolve) => {
            const tick = (now) => { frames.push(now - last); last = now; if (now - start < 2000) requestAnimationFrame(tick); else resolve(); };
            requestAnimationFrame(tick);
          });
          return frames.slice(1);
        }
        """;

    private static string Json(string[] ids) => JsonSerializer.Serialize(ids);

    public static async Task RunAsync(string baseUrl, int rounds)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SPATIAL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true, Args = ["--no-sandbox", "--disable-gpu"],
        });
        // A first load of the real map, not timed: it warms the API's tile cache, so every timed run is served the
        // same way, and measures the map's container (left, top, width, height) for the bare page.
        string container;
        await using (var context = await NewContextAsync(browser))
        {
            var page = await context.NewPageAsync();
            await OpenAsync(page, baseUrl, Variants[^1], "");
            container = await page.EvaluateAsync<string>("() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top, r.width, r.height].join(' '); }");
        }
        Console.WriteLine($"warm-up done; the map's container: {container}");
        Console.WriteLine("| round | variant | start (UTC), load (1 min) | switched off | elements | idle 2 s: frames, p50 / p95 (ms) | moves: frames | frame p50 / p95 / max (ms) | zoom ends: longest frame each (ms) | moves: page thread / workers CPU (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var chosen = Chosen(Environment.GetEnvironmentVariable("BENCH_MAP_VARIANTS"));
        for (var round = 1; round <= rounds; round++)
            foreach (var variant in chosen) await RunOnceAsync(browser, baseUrl, variant, container, round);
    }

    /// <summary>The variants named in BENCH_MAP_VARIANTS (separated by ';'), in the bench's order; all without it.</summary>
    private static Variant[] Chosen(string? names)
    {
        if (string.IsNullOrWhiteSpace(names)) return Variants;
        var wanted = names.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = wanted.Where(name => !Variants.Any(v => v.Name == name)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"BENCH_MAP_VARIANTS: no variant named {string.Join(", ", unknown)}; there are {string.Join("; ", Variants.Select(v => v.Name))}");
        return [.. Variants.Where(v => wanted.Contains(v.Name))];
    }

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser) =>
        browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });

    /// <summary>Opens the variant's page and switches its part off; returns how many things were switched off, or "—".</summary>
    private static async Task<string> OpenAsync(IPage page, string baseUrl, Variant variant, string container)
    {
        if (variant.Bare)
        {
            var bare = baseUrl + "/bench-floor.html";
            await page.RouteAsync(bare, (route) => route.FulfillAsync(new() { ContentType = "text/html; charset=utf-8", Body = BarePage(container) }));
            await page.GotoAsync(bare);
            await page.WaitForFunctionAsync("() => window.spatialMap !== undefined");
            return "—";
        }
        await page.GotoAsync(baseUrl + "/");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 120_000 });
        await page.WaitForFunctionAsync(MapTileTimings.TilesLoaded, null, new() { Timeout = 300_000, PollingInterval = 50 });
        if (variant.Off is null) return "—";
        var off = await page.EvaluateAsync<int>(variant.Off);
        if (off == 0) throw new InvalidOperationException($"{variant.Name}: nothing to switch off");
        await page.WaitForFunctionAsync(MapTileTimings.TilesLoaded, null, new() { Timeout = 300_000, PollingInterval = 50 });
        return off.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>One timed run of a variant, printed as a row; with BENCH_MAP_PROFILE=1 its moves' profile after it.</summary>
    private static async Task RunOnceAsync(IBrowser browser, string baseUrl, Variant variant, string container, int round)
    {
        var load = DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + ", " + File.ReadAllText("/proc/loadavg").Split(' ')[0];
        await using var context = await NewContextAsync(browser);
        var page = await context.NewPageAsync();
        var switchedOff = await OpenAsync(page, baseUrl, variant, container);
        await page.WaitForTimeoutAsync(300);
        var elements = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        var idle = Sorted(await page.EvaluateAsync<JsonElement>(Idle));
        ICDPSession? profile = null;
        if (MapProfile.Wanted)
        {
            await page.EvaluateAsync(MapProfile.ObserveZoomEnds);
            profile = await MapProfile.StartAsync(page);
        }
        var cpu = RendererCpu.Now();
        var moves = await page.EvaluateAsync<JsonElement>(MapTileTimings.Moves);
        var (main, workers) = RendererCpu.Now();
        var frames = Sorted(moves.GetProperty("frames"));
        var zoomEnds = string.Join(" / ", moves.GetProperty("zoomEndFrames").EnumerateArray()
            .Select(f => f.GetDouble() == 0 ? "<50" : f.GetDouble().ToString("F0", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {round} | {variant.Name} | {load} | {switchedOff} | {elements} | {idle.Length}, {At(idle, 0.5)} / {At(idle, 0.95)} | {frames.Length} | {At(frames, 0.5)} / {At(frames, 0.95)} / {frames[^1]:F1} | {zoomEnds} | {main - cpu.Main:F0} / {workers - cpu.Workers:F0} |"));
        if (profile is not null) await MapProfile.ReportAsync(profile, page, round);
    }

    private static double[] Sorted(JsonElement frames) => frames.EnumerateArray().Select(f => f.GetDouble()).Order().ToArray();

    private static string At(double[] sorted, double q) =>
        sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))].ToString("F1", CultureInfo.InvariantCulture);

    // Leaflet as the API serves it to the map (web/node_modules), in a container of the real map's size and place.
    private static string BarePage(string container)
    {
        var box = container.Split(' ');
        return $$"""
            <!doctype html>
            <html><head><meta charset="utf-8"><link rel="stylesheet" href="vendor/leaflet/leaflet.css">
            <style>html, body { margin: 0; } #map { position: absolute; left: {{box[0]}}px; top: {{box[1]}}px; width: {{box[2]}}px; height: {{box[3]}}px; }</style>
            </head><body><div id="map"></div>
            <script src="vendor/leaflet/leaflet.js"></script>
            <script>
              window.spatialMap = { map: L.map('map', { maxZoom: 18 }).setView([45.25, 131.8], 8) };
            </script>
            </body></html>
            """;
    }
}
