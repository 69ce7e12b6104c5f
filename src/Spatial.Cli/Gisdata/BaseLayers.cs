using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Polygonize;
using Spatial.Geo;

namespace Spatial.Cli.Gisdata;

public sealed record CountyBoundary(string Code, string NameZh, Point Seat, MultiPolygon Geometry);

public sealed record LakeShore(string NameZh, string NameEn, MultiPolygon Geometry);

public sealed record River(int Level, MultiLineString Geometry);

/// <summary>The real base layers: county boundaries (BD-09 on file, converted here) and GSHHG water and border.</summary>
public sealed record BaseLayers(
    IReadOnlyList<CountyBoundary> Counties, IReadOnlyList<LakeShore> Lakes, IReadOnlyList<River> Rivers, MultiLineString Border,
    MultiPolygon KhankaChina)
{
    public static BaseLayers Read(string gisdataDirectory)
    {
        var counties = ReadCounties(Path.Combine(gisdataDirectory, "sources", "counties-bd09.geojson"));
        var lakes = ReadFeatures(Path.Combine(gisdataDirectory, "derived", "lakes.geojson")).Select(f => ToMulti(f.Geometry)).ToList();
        if (lakes.Count < 2) throw new InvalidDataException("derived/lakes.geojson must hold Lake Khanka and Lesser Khanka");
        // The derivation orders lakes by area: Khanka (≈4 070 km²) first, Lesser Khanka second.
        var namedLakes = new List<LakeShore>
        {
            new("兴凯湖", "Lake Khanka", lakes[0]),
            new("小兴凯湖", "Lesser Khanka", lakes[1]),
        };
        var rivers = ReadFeatures(Path.Combine(gisdataDirectory, "derived", "rivers.geojson"))
            .Select(f => new River(f.Properties.GetProperty("wdbii_level").GetInt32(), ToMultiLine(f.Geometry))).ToList();
        var border = Geometries.LonLat.CreateMultiLineString(
            ReadFeatures(Path.Combine(gisdataDirectory, "derived", "border.geojson"))
                .SelectMany(f => Lines(f.Geometry)).ToArray());
        var mishan = counties.Single(c => c.Code == "230382").Geometry;
        return new BaseLayers(counties, namedLakes, rivers, border, ChinesePart(lakes[0], border, mishan));
    }

    /// <summary>
    /// The lake split at the border; China's side is the piece that the (Chinese) county polygon of
    /// 密山市 covers most of — the county boundary file includes its lake waters.
    /// </summary>
    private static MultiPolygon ChinesePart(MultiPolygon lake, MultiLineString border, MultiPolygon mishan)
    {
        var polygonizer = new Polygonizer();
        polygonizer.Add(lake.Boundary.Union(border));
        var pieces = polygonizer.GetPolygons().Cast<Polygon>()
            .Where(p => lake.Contains(p.InteriorPoint))
            .OrderByDescending(p => p.Intersection(mishan).Area / p.Area)
            .ToList();
        if (pieces.Count < 2) throw new InvalidDataException("the border does not split Lake Khanka; check derived/border.geojson");
        return Geometries.LonLat.CreateMultiPolygon([pieces[0]]);
    }

    private static List<CountyBoundary> ReadCounties(string path)
    {
        var counties = new List<CountyBoundary>();
        foreach (var feature in ReadFeatures(path))
        {
            var geometry = feature.Geometry.Copy();
            geometry.Apply(new Bd09ToWgs84Filter());
            geometry.GeometryChanged();
            // The source has repeated vertices and small self-intersections; repair once, at import.
            var repaired = ToMulti(GeometryFixer.Fix(geometry));
            var cp = feature.Properties.GetProperty("cp");
            var (lon, lat) = ChineseOffsets.Bd09ToWgs84(cp[0].GetDouble(), cp[1].GetDouble());
            counties.Add(new CountyBoundary(feature.Id!, feature.Properties.GetProperty("name").GetString()!,
                Geometries.LonLat.CreatePoint(new Coordinate(lon, lat)), repaired));
        }
        return counties;
    }

    private sealed record Feature(string? Id, JsonElement Properties, Geometry Geometry);

    private static List<Feature> ReadFeatures(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("features").EnumerateArray().Select((f, i) => new Feature(
            f.TryGetProperty("id", out var id) ? id.ToString() : null,
            f.GetProperty("properties").Clone(),
            GeoJson.ReadGeometry(f.GetProperty("geometry"), Geometries.LonLat, $"{Path.GetFileName(path)} features[{i}].geometry"))).ToList();
    }

    internal static MultiPolygon ToMulti(Geometry geometry) => geometry switch
    {
        MultiPolygon multi => multi,
        Polygon polygon => Geometries.LonLat.CreateMultiPolygon([polygon]),
        GeometryCollection collection => Geometries.LonLat.CreateMultiPolygon(
            Enumerable.Range(0, collection.NumGeometries).Select(collection.GetGeometryN).OfType<Polygon>().ToArray()),
        _ => throw new InvalidDataException($"expected a polygon, found {geometry.GeometryType}"),
    };

    private static MultiLineString ToMultiLine(Geometry geometry) => Geometries.LonLat.CreateMultiLineString(Lines(geometry).ToArray());

    private static IEnumerable<LineString> Lines(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<LineString>();

    private sealed class Bd09ToWgs84Filter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (lon, lat) = ChineseOffsets.Bd09ToWgs84(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, lon);
            seq.SetY(i, lat);
        }
    }
}
