using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Spatial.Bench;

/// <summary>
/// The most expensive footprint bodies we can construct within the default limits (Spatial:Footprints), each
/// sent a few times to a running API; prints the status and the median time of each.
/// </summary>
public static class WorstFootprints
{
    private sealed record Body(string Name, string Description, string GeoJson);

    public static async Task RunAsync(string api, int repeats)
    {
        using var http = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine("| body | what it is | bytes | status | median s | max s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var body in Bodies())
        {
            var times = new List<double>();
            var status = 0;
            for (var i = 0; i < repeats; i++)
            {
                using var content = new StringContent(body.GeoJson, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(new Uri("/footprint-checks", UriKind.Relative), content);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                status = (int)response.StatusCode;
            }
            times.Sort();
            Console.WriteLine(FormattableString.Invariant(
                $"| {body.Name} | {body.Description} | {Encoding.UTF8.GetByteCount(body.GeoJson)} | {status} | {times[times.Count / 2]:0.00} | {times[^1]:0.00} |"));
        }
    }

    // Each within every default limit: ≤ 100 parcels, ≤ 20 000 vertices and 500 rings a parcel, ≤ 100 000 vertices
    // and ≤ 1 000 km² in all, ≤ 100 crossings a parcel. Sizes: 0.01° is about 0.78 km east and 1.11 km north here.
    private static IEnumerable<Body> Bodies()
    {
        yield return new("big", "1 parcel, 20 000 vertices, 100 crossings, 0.15° (≈ 610 km²) across county borders, zones and parks",
            Polygon(Ring(131.0, 45.3, 0.15, 19_999, 100)));
        yield return new("five", "5 parcels × 20 000 vertices × 100 crossings, ≈ 130 km² each (the 100 000-vertex cap)",
            Collection(Enumerable.Range(0, 5).Select(i => Polygon(Ring(130.8 + 0.15 * i, 45.3, 0.07, 19_999, 100)))));
        yield return new("hundred", "100 parcels × 500 vertices × 100 crossings, ≈ 9.5 km² each, strung across the plan area",
            Collection(Enumerable.Range(0, 100).Select(i => Polygon(Ring(130.4 + 0.026 * i, 45.0 + 0.008 * i, 0.0175, 499, 100)))));
        yield return new("holes", "1 parcel of 500 rings (480 holes of 40 vertices), ≈ 680 km²",
            Polygon([Ring(131.0, 45.3, 0.16, 499, 0), .. Enumerable.Range(0, 480).Select(i => Ring(130.9 + 0.008 * (i % 25), 45.22 + 0.008 * (i / 25), 0.002, 39, 0, reverse: true))]));
        yield return new("star-refused", "1 parcel, a 20 000-vertex star (10⁸ crossings): refused",
            Polygon(Star(131.0, 45.32, 0.01, 20_000, 9_999)));
    }

    /// <summary>A closed ring of n points on an ellipse; swapping neighbouring points at <paramref name="crossings"/> places makes that many crossings.</summary>
    private static List<(double X, double Y)> Ring(double lon, double lat, double radius, int n, int crossings, bool reverse = false)
    {
        var points = Enumerable.Range(0, n).Select(i => 2 * Math.PI * i / n).Select(a => (lon + radius * Math.Cos(a), lat + radius * Math.Sin(a))).ToList();
        for (var k = 1; k <= crossings; k++)
        {
            var i = k * (n / (crossings + 1));
            (points[i], points[i + 1]) = (points[i + 1], points[i]);
        }
        if (reverse) points.Reverse();
        points.Add(points[0]);
        return points;
    }

    private static List<(double X, double Y)> Star(double lon, double lat, double radius, int n, int step) =>
        Enumerable.Range(0, n + 1).Select(i => 2 * Math.PI * (i * (long)step % n) / n).Select(a => (lon + radius * Math.Cos(a), lat + radius * Math.Sin(a))).ToList();

    private static string Polygon(params List<(double X, double Y)>[] rings) =>
        "{\"type\":\"Polygon\",\"coordinates\":[" + string.Join(',', rings.Select(r => "[" + string.Join(',', r.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X:0.#######},{p.Y:0.#######}]"))) + "]")) + "]}";

    private static string Collection(IEnumerable<string> geometries) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(',', geometries.Select(g => "{\"type\":\"Feature\",\"properties\":{},\"geometry\":" + g + "}")) + "]}";
}
