using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Footprints;

/// <summary>
/// A parcel's map as inline SVG in its Gauss–Krüger plane: grid north up (SVG y grows southward, so y = top − northing),
/// 1 unit = 1 m. Outline with its 界址点 numbers, overlaps hatched in red, neighbours outlined and labelled, a north arrow
/// and a scale bar of a round length. Every name goes through <see cref="HtmlPage.E"/>; nothing in it runs.
/// </summary>
public static class FootprintMapSvg
{
    private static readonly Dictionary<OverlayKind, string> LayerColours = new()
    {
        [OverlayKind.Project] = "#6f42c1", [OverlayKind.Zone] = "#5a7d1a", [OverlayKind.Water] = "#1f6feb", [OverlayKind.Ecological] = "#1a7f37",
    };

    private static readonly double[] RoundSteps = [5, 2, 1];

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Render(ParcelDrawing drawing, int index, Language language)
    {
        var e = drawing.Outline.EnvelopeInternal;
        var margin = Math.Max(e.Width, e.Height) * 0.25 + 20;
        var (left, top) = (e.MinX - margin, e.MaxY + margin);
        var (width, height) = (e.Width + 2 * margin, e.Height + 2 * margin);
        var unit = Math.Max(width, height) / 60; // text and marks scale with the frame
        string X(double easting) => N(easting - left);
        string Y(double northing) => N(top - northing);
        string Path(Geometry g)
        {
            var d = new StringBuilder();
            foreach (var line in Lines(g))
            {
                var c = line.Coordinates;
                for (var i = 0; i < c.Length; i++) d.Append(i == 0 ? 'M' : 'L').Append(X(c[i].X)).Append(',').Append(Y(c[i].Y));
                if (line.IsClosed) d.Append('Z');
            }
            return d.ToString();
        }

        var svg = new StringBuilder();
        var title = language == Language.English ? "Parcel map, grid north up" : "地块图（坐标北向上）";
        svg.Append(CultureInfo.InvariantCulture,
                $"<svg class=\"parcel-map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"{HtmlPage.E(title)}\">")
            .Append(CultureInfo.InvariantCulture, $"<defs><clipPath id=\"frame-{index}\"><rect width=\"{N(width)}\" height=\"{N(height)}\"/></clipPath>")
            .Append(CultureInfo.InvariantCulture,
                $"<pattern id=\"hatch-{index}\" patternUnits=\"userSpaceOnUse\" width=\"{N(unit)}\" height=\"{N(unit)}\" patternTransform=\"rotate(45)\">")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"{N(unit)}\" stroke=\"#cf222e\" stroke-width=\"{N(unit / 4)}\"/></pattern></defs>")
            .Append(CultureInfo.InvariantCulture, $"<rect width=\"{N(width)}\" height=\"{N(height)}\" fill=\"#fff\" stroke=\"#999\" vector-effect=\"non-scaling-stroke\"/>")
            .Append(CultureInfo.InvariantCulture, $"<g clip-path=\"url(#frame-{index})\" font-family=\"sans-serif\" font-size=\"{N(unit * 1.4)}\">");

        svg.Append("<g class=\"neighbours\">");
        foreach (var n in drawing.Neighbours)
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"neighbour {n.Layer.Code()}\" d=\"{Path(n.Plane)}\" fill=\"none\" stroke=\"{LayerColours[n.Layer]}\" stroke-width=\"1.2\" stroke-dasharray=\"4 2\" vector-effect=\"non-scaling-stroke\"/>");
        // A label goes where the neighbour is seen: inside what of it the frame shows.
        var frame = drawing.Outline.Factory.ToGeometry(new Envelope(left, left + width, top - height, top));
        foreach (var n in drawing.Neighbours)
        {
            if (Seen(n.Plane, frame) is not { Area: > 0 } seen || seen.InteriorPoint is not { IsEmpty: false } at) continue;
            var name = language == Language.English ? n.NameEn : n.NameZh;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"neighbour-label\" x=\"{X(at.X)}\" y=\"{Y(at.Y)}\" fill=\"{LayerColours[n.Layer]}\" text-anchor=\"middle\">{HtmlPage.E(name)}</text>");
        }
        svg.Append("</g>");

        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"outline\" d=\"{Path(drawing.Outline)}\" fill=\"#fff8c5\" fill-opacity=\"0.6\" fill-rule=\"evenodd\" stroke=\"#111\" stroke-width=\"2\" vector-effect=\"non-scaling-stroke\"/>");
        foreach (var overlap in drawing.Overlaps)
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"overlap\" d=\"{Path(overlap)}\" fill=\"url(#hatch-{index})\" fill-rule=\"evenodd\" stroke=\"#cf222e\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"/>");

        var centre = drawing.Outline.Centroid.Coordinate;
        var named = new HashSet<(string, double, double)>();
        foreach (var p in drawing.Points)
        {
            if (!named.Add((p.Name, p.Easting, p.Northing))) continue; // a ring's closing repeat
            var (dx, dy) = (p.Easting - centre.X, p.Northing - centre.Y);
            var length = Math.Max(Math.Sqrt(dx * dx + dy * dy), 1e-9);
            var (lx, ly) = (p.Easting + dx / length * unit * 1.6, p.Northing + dy / length * unit * 1.6);
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.Easting)}\" cy=\"{Y(p.Northing)}\" r=\"{N(unit / 3)}\" fill=\"#111\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"point-label\" x=\"{X(lx)}\" y=\"{Y(ly)}\" text-anchor=\"middle\" dominant-baseline=\"middle\">{HtmlPage.E(p.Name)}</text>");
        }
        svg.Append("</g>");
        svg.Append(NorthArrow(width, unit)).Append(ScaleBar(width, height, unit)).Append("</svg>");
        return svg.ToString();
    }

    private static string NorthArrow(double width, double unit)
    {
        var (x, y) = (width - unit * 4, unit * 2);
        return string.Create(CultureInfo.InvariantCulture,
            $"<g class=\"north-arrow\"><path d=\"M{N(x)},{N(y)}L{N(x + unit)},{N(y + unit * 4)}L{N(x)},{N(y + unit * 3)}L{N(x - unit)},{N(y + unit * 4)}Z\" fill=\"#111\"/>" +
            $"<text x=\"{N(x)}\" y=\"{N(y + unit * 6)}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"{N(unit * 1.6)}\">N 北</text></g>");
    }

    /// <summary>A bar of 1, 2 or 5 × 10ⁿ metres, the longest of them within a quarter of the frame's width.</summary>
    public static double RoundLength(double width)
    {
        var quarter = width / 4;
        var power = Math.Pow(10, Math.Floor(Math.Log10(quarter)));
        return RoundSteps.Select(m => m * power).First(l => l <= quarter);
    }

    private static string ScaleBar(double width, double height, double unit)
    {
        var length = RoundLength(width);
        var (x, y) = (unit * 2, height - unit * 2);
        var label = length >= 1000 ? $"{N(length / 1000)} km" : $"{N(length)} m";
        return string.Create(CultureInfo.InvariantCulture,
            $"<g class=\"scale-bar\" font-family=\"sans-serif\" font-size=\"{N(unit * 1.4)}\">" +
            $"<rect x=\"{N(x)}\" y=\"{N(y - unit / 2)}\" width=\"{N(length / 2)}\" height=\"{N(unit / 2)}\" fill=\"#111\"/>" +
            $"<rect x=\"{N(x + length / 2)}\" y=\"{N(y - unit / 2)}\" width=\"{N(length / 2)}\" height=\"{N(unit / 2)}\" fill=\"#fff\" stroke=\"#111\" vector-effect=\"non-scaling-stroke\"/>" +
            $"<text x=\"{N(x)}\" y=\"{N(y - unit)}\" text-anchor=\"middle\">0</text>" +
            $"<text x=\"{N(x + length)}\" y=\"{N(y - unit)}\" text-anchor=\"middle\">{label}</text></g>");
    }

    private static Geometry? Seen(Geometry neighbour, Geometry frame)
    {
        try
        {
            return neighbour.Intersection(frame);
        }
        catch (TopologyException)
        {
            return null; // an invalid stored outline is still drawn, only not labelled
        }
    }

    private static IEnumerable<LineString> Lines(Geometry geometry) => geometry switch
    {
        Polygon p => new[] { p.Shell }.Concat(p.Holes),
        LineString l => [l],
        GeometryCollection c => Enumerable.Range(0, c.NumGeometries).SelectMany(i => Lines(c.GetGeometryN(i))),
        _ => [],
    };
}
