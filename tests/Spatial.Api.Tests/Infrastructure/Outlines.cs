using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>GeoJSON outlines for footprint tests, built around 131.0°E 45.32°N (鸡冠区) unless told otherwise.</summary>
internal static class Outlines
{
    /// <summary>A polygon through <paramref name="vertices"/> points of a circle, visited in steps of <paramref name="step"/>: 1 draws the circle, a larger step a star whose edges cross.</summary>
    public static string Star(int vertices, int step, double lon = 131.0, double lat = 45.32, double radius = 0.01)
    {
        var points = Enumerable.Range(0, vertices + 1)
            .Select(i => 2 * Math.PI * (i * step % vertices) / vertices)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"[{lon + radius * Math.Cos(a):R},{lat + radius * Math.Sin(a):R}]"));
        return $$"""{"type":"Polygon","coordinates":[[{{string.Join(',', points)}}]]}""";
    }

    /// <summary>A circle of <paramref name="vertices"/> points with two of them swapped: an outline that crosses itself a few times.</summary>
    public static string CircleWithTwoSwappedVertices(int vertices, double lon = 131.0, double lat = 45.32, double radius = 0.01)
    {
        var points = Enumerable.Range(0, vertices).Select(i => 2 * Math.PI * i / vertices).Select(a => (X: lon + radius * Math.Cos(a), Y: lat + radius * Math.Sin(a))).ToList();
        (points[10], points[14]) = (points[14], points[10]);
        points.Add(points[0]);
        return $$"""{"type":"Polygon","coordinates":[[{{string.Join(',', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X:R},{p.Y:R}]")))}}]]}""";
    }

    public static string Square(double lon = 131.0, double lat = 45.32, double side = 0.002) => Star(4, 1, lon + side / 2, lat + side / 2, side / Math.Sqrt(2));

    /// <summary>A square of <paramref name="side"/>° with <paramref name="holes"/> small square holes on a grid inside it: a parcel of 1 + holes rings.</summary>
    public static string SquareWithHoles(int holes, double lon = 131.0, double lat = 45.32, double side = 0.1)
    {
        static string Ring(double x, double y, double size, bool clockwise)
        {
            var corners = new[] { (x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y) };
            if (clockwise) Array.Reverse(corners);
            return "[" + string.Join(',', corners.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.Item1:R},{c.Item2:R}]"))) + "]";
        }
        var perRow = (int)Math.Ceiling(Math.Sqrt(holes));
        var step = side / (perRow + 1);
        var rings = new List<string> { Ring(lon, lat, side, clockwise: false) };
        rings.AddRange(Enumerable.Range(0, holes).Select(i => Ring(lon + step * (1 + i % perRow), lat + step * (1 + i / perRow), step / 3, clockwise: true)));
        return $$"""{"type":"Polygon","coordinates":[{{string.Join(',', rings)}}]}""";
    }

    public static StringContent GeoJson(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/geo+json"));
}
