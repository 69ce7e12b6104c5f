using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spatial.Geo;

namespace Spatial.Bench;

/// <summary>
/// The GeoJSON reader and writer alone (no HTTP, no database): a parcel at the vertex limit (20 000) and the
/// request limit (5 × 20 000), read from a parsed document and written back, timed in-process.
/// </summary>
public static class GeoJsonTimings
{
    public static void Run(int repeats)
    {
        // The minimum is reported beside the median: on a shared machine it is the time the code itself needs.
        Console.WriteLine("| body | bytes | read min ms | read p50 ms | write min ms | write p50 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, parts) in new[] { ("1 polygon × 20 000 vertices", 1), ("multipolygon 5 × 20 000 vertices", 5) })
        {
            var json = MultiPolygon(parts, 20_000);
            using var document = JsonDocument.Parse(json);
            var geometry = GeoJson.ReadGeometry(document.RootElement, Geometries.LonLat);
            var reads = Time(repeats, () => GeoJson.ReadGeometry(document.RootElement, Geometries.LonLat));
            var writes = Time(repeats, () => GeoJson.ToJson(geometry, 7));
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {json.Length} | {reads[0]:0.00} | {reads[reads.Count / 2]:0.00} | {writes[0]:0.00} | {writes[writes.Count / 2]:0.00} |"));
        }
    }

    private static List<double> Time(int repeats, Action action)
    {
        for (var i = 0; i < 5; i++) action();
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    /// <summary>Circles of <paramref name="vertices"/> lon/lat vertices around 鸡西, side by side.</summary>
    private static string MultiPolygon(int parts, int vertices)
    {
        var polygons = Enumerable.Range(0, parts).Select(p =>
        {
            var ring = Enumerable.Range(0, vertices).Select(i => (X: 130.5 + 0.1 * p + 0.04 * Math.Cos(2 * Math.PI * i / vertices), Y: 45.3 + 0.04 * Math.Sin(2 * Math.PI * i / vertices))).ToList();
            ring.Add(ring[0]);
            return "[[" + string.Join(",", ring.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(c.X, 8)},{Math.Round(c.Y, 8)}]"))) + "]]";
        });
        return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + string.Join(",", polygons) + "]}";
    }
}
