using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Bench;

/// <summary>
/// Where the page's thread spends the scripted moves of <see cref="MapTileTimings"/> (BENCH_MAP_PROFILE=1): a CPU
/// profile of the moves (CDP Profiler, 200 µs sampling), summed per function — self time, and total time for
/// functions that own a zoom's end — and, for each zoom end's longest animation frame, how much of it was script,
/// forced layout and the frame's own style, layout and paint (Long Animation Frames API). Sampling slows the page, so
/// profiled runs are reported apart and never mixed with the timed ones.
/// </summary>
public static class MapProfile
{
    // Functions whose total time (self and everything they call) says where a zoom end goes.
    private static readonly string[] Owners =
    [
        "_onZoomTransitionEnd", "_resetView", "_updatePaths", "_update", "_project", "_projectLatlngs", "_updatePath",
        "_updatePoly", "_updateCircle", "_clipPoints", "_simplifyPoints", "_redraw", "_draw", "_updateTransform",
        "declutter", "fire", "_setPosition",
    ];

    public static bool Wanted => Environment.GetEnvironmentVariable("BENCH_MAP_PROFILE") == "1";

    /// <summary>Observes the long animation frames holding each zoom end; read back with <see cref="ZoomEndFramesAsync"/>.</summary>
    public const string ObserveZoomEnds = """
        () => {
          const frames = [], ends = [];
          new PerformanceObserver((list) => frames.push(...list.getEntries())).observe({ type: 'long-animation-frame' });
          spatialMap.map.on('zoomend', () => ends.push(performance.now()));
          window.benchZoomEnds = () => ends.map((at) => frames.filter((f) => f.startTime <= at && at <= f.startTime + f.duration)
            .sort((a, b) => b.duration - a.duration).slice(0, 1).map((f) => ({
              duration: f.duration,
              script: f.scripts.reduce((sum, s) => sum + s.duration, 0),
              forcedLayout: f.scripts.reduce((sum, s) => sum + s.forcedStyleAndLayoutDuration, 0),
              styleLayout: f.renderStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0,
              render: f.renderStart ? f.startTime + f.duration - f.renderStart : 0,
              top: [...f.scripts].sort((a, b) => b.duration - a.duration).slice(0, 2).map((s) => `${s.invoker} ${Math.round(s.duration)}`).join(', '),
            }))[0] ?? null);
        }
        """;

    public static async Task<ICDPSession> StartAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Profiler.enable");
        await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
        await cdp.SendAsync("Profiler.start");
        return cdp;
    }

    /// <summary>Stops the profile and prints the heaviest functions by self time and the zoom-end owners by total time.</summary>
    public static async Task ReportAsync(ICDPSession cdp, IPage page, int run)
    {
        var stopped = await cdp.SendAsync("Profiler.stop");
        var profile = stopped!.Value.GetProperty("profile");
        var nodes = profile.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetInt32());
        var parent = new Dictionary<int, int>();
        foreach (var node in nodes.Values)
        {
            if (!node.TryGetProperty("children", out var children)) continue;
            foreach (var child in children.EnumerateArray()) parent[child.GetInt32()] = node.GetProperty("id").GetInt32();
        }
        string Name(int id)
        {
            var frame = nodes[id].GetProperty("callFrame");
            var function = frame.GetProperty("functionName").GetString();
            var url = frame.GetProperty("url").GetString() ?? "";
            return (string.IsNullOrEmpty(function) ? "(anonymous)" : function) + (url.Length == 0 ? "" : $" {url[(url.LastIndexOf('/') + 1)..]}");
        }
        var self = new Dictionary<string, double>();
        var total = new Dictionary<string, double>();
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetDouble() / 1000).ToArray();
        var all = 0.0;
        for (var i = 0; i < samples.Length; i++)
        {
            // A sample's time is the interval until the next one.
            var ms = i + 1 < deltas.Length ? deltas[i + 1] : 0;
            all += ms;
            var leaf = Name(samples[i]);
            self[leaf] = self.GetValueOrDefault(leaf) + ms;
            var seen = new HashSet<string>();
            for (int? id = samples[i]; id is { } at; id = parent.TryGetValue(at, out var up) ? up : null)
            {
                var function = nodes[at].GetProperty("callFrame").GetProperty("functionName").GetString() ?? "";
                if (Owners.Contains(function) && seen.Add(function)) total[function] = total.GetValueOrDefault(function) + ms;
            }
        }
        var idle = self.GetValueOrDefault("(idle)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile, run {run}: {all:F0} ms sampled, {all - idle:F0} ms busy"));
        Console.WriteLine("  self time: " + string.Join("; ", self.Where(p => p.Key != "(idle)").OrderByDescending(p => p.Value).Take(18)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F0}"))));
        Console.WriteLine("  total time: " + string.Join("; ", total.OrderByDescending(p => p.Value)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F0}"))));
        var zoomEnds = await page.EvaluateAsync<JsonElement>("() => benchZoomEnds()");
        foreach (var end in zoomEnds.EnumerateArray())
        {
            Console.WriteLine(end.ValueKind == JsonValueKind.Null ? "  zoom end: <50 ms" : string.Create(CultureInfo.InvariantCulture,
                $"  zoom end: frame {end.GetProperty("duration").GetDouble():F0} ms, script {end.GetProperty("script").GetDouble():F0} (forced layout {end.GetProperty("forcedLayout").GetDouble():F0}), style+layout+paint {end.GetProperty("styleLayout").GetDouble():F0} (after script {end.GetProperty("render").GetDouble():F0}); longest scripts: {end.GetProperty("top").GetString()}"));
        }
    }
}
