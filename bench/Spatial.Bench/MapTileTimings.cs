using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Bench;

/// <summary>
/// The map in headless Chromium against a running Spatial (bench/map-tiles.sh): per run, a fresh page at the
/// overview, the time until the page is ready and until every tile layer has drawn its tiles, the requests and
/// elements, then the frame times of a scripted pan and zoom over the plan area and the CPU time Chromium spent on the
/// page's thread and in its workers meanwhile (<see cref="RendererCpu"/>); with BENCH_MAP_PROFILE=1 also where the
/// page's thread spent the moves (<see cref="MapProfile"/>).
/// </summary>
public static class MapTileTimings
{
    internal const string TilesLoaded =
        "() => ((t) => !t._map || (!t.isLoading() && !t.isPainting() && Object.keys(t._tiles).length > 0))(spatialMap.layers.tiles)";

    // Frame intervals (requestAnimationFrame) while the map pans east, zooms in, pans back and zooms out, and the
    // longest animation frame (Long Animation Frames API) that ends each zoom: the frame holding Leaflet's
    // _onZoomTransitionEnd, from the end of the zoom's transition to the frame after it.
    internal const string Moves = """
        async () => {
          const map = spatialMap.map, frames = [], longFrames = [], zoomEnds = [];
          new PerformanceObserver((list) => longFrames.push(...list.getEntries())).observe({ type: 'long-animation-frame' });
          map.on('zoomend', () => zoomEnds.push(performance.now()));
          let last = performance.now(), running = true;
          const tick = (now) => { frames.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
          const settle = () => new Promise((resolve) => map.once('moveend', resolve));
          for (const step of [() => map.panBy([400, 0]), () => map.zoomIn(), () => map.panBy([-400, 200]), () => map.zoomIn(),
                              () => map.zoomOut(), () => map.panBy([0, -200]), () => map.zoomOut()]) { const s = settle(); step(); await s; }
          await new Promise((resolve) => setTimeout(resolve, 1500));
          running = false;
          const zoomEndFrames = zoomEnds.map((at) => Math.max(0, ...longFrames
            .filter((f) => f.startTime <= at && at <= f.startTime + f.duration).map((f) => f.duration)));
          return { frames: frames.slice(1), zoomEndFrames };
        }
        """;

    public static async Task RunAsync(string baseUrl, int runs)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SPATIAL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true, Args = ["--no-sandbox", "--disable-gpu"],
        });
        Console.WriteLine("| run | ready (ms) | tiles drawn (ms) | requests | tile requests | elements | projects drawn | frames | frame p50 / p95 / max (ms) | zoom ends: longest frame each (ms) | moves: page thread / workers CPU (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
            var page = await context.NewPageAsync();
            var requests = new List<string>();
            page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(baseUrl + "/");
            await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 120_000 });
            var ready = clock.ElapsedMilliseconds;
            await page.WaitForFunctionAsync(TilesLoaded, null, new() { Timeout = 300_000, PollingInterval = 50 });
            var drawn = clock.ElapsedMilliseconds;
            var elements = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
            var projects = await page.EvaluateAsync<int>("() => spatialMap.layers.tiles.drawnFeatures('projects').length");
            int total, tiles;
            lock (requests) (total, tiles) = (requests.Count, requests.Count(u => u.Contains("/tiles/WebMercatorQuad/", StringComparison.Ordinal)));
            ICDPSession? profile = null;
            if (MapProfile.Wanted)
            {
                await page.EvaluateAsync(MapProfile.ObserveZoomEnds);
                profile = await MapProfile.StartAsync(page);
            }
            var cpu = RendererCpu.Now();
            var moves = await page.EvaluateAsync<JsonElement>(Moves);
            var frames = moves.GetProperty("frames").EnumerateArray().Select(f => f.GetDouble()).Order().ToArray();
            // A frame under 50 ms is not a long animation frame: the API reports none.
            var zoomEnds = string.Join(" / ", moves.GetProperty("zoomEndFrames").EnumerateArray()
                .Select(f => f.GetDouble() == 0 ? "<50" : f.GetDouble().ToString("F0", CultureInfo.InvariantCulture)));
            var (main, workers) = RendererCpu.Now();
            string At(double q) => frames[(int)Math.Min(frames.Length - 1, Math.Floor(q * frames.Length))].ToString("F1", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {ready} | {drawn} | {total} | {tiles} | {elements} | {projects} | {frames.Length} | {At(0.5)} / {At(0.95)} / {frames[^1]:F1} | {zoomEnds} | {main - cpu.Main:F0} / {workers - cpu.Workers:F0} |"));
            if (profile is not null) await MapProfile.ReportAsync(profile, page, run);
        }
    }
}
