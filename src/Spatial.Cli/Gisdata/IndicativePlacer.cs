using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Spatial.Geo;

namespace Spatial.Cli.Gisdata;

/// <summary>A placed feature: its geometry (CGCS2000), how it was obtained, and why it is where it is.</summary>
public sealed record Placed(Geometry Geometry, string GeometrySource, string? Note);

/// <summary>
/// Places the plan's features that have no surveyed outline, in one Gauss–Krüger plane (zone 44, CM 132°E,
/// which spans all of Jixi and Suifenhe with an area scale under 1.0006). Areas (parks, ecological areas,
/// zones) keep clear of each other; sites (projects, enterprises) keep clear of each other and of the
/// areas, except the park they are placed in.
/// </summary>
public sealed class IndicativePlacer
{
    private const double RegionMarginMetres = 30;
    private const double LakeShoreBandMetres = 3_000;
    private const double DefaultSiteAreaM2 = 30_000;
    private const double EnterpriseMarkerAreaM2 = 2_500;
    private static readonly GaussKrugerZone Plane = new(44);

    private readonly Dictionary<string, CountyBoundary> _counties;
    private readonly Dictionary<string, Geometry> _countyLand = [];
    private readonly Dictionary<string, PlaceRecord> _places;
    private readonly Dictionary<string, Geometry> _parks = [];
    private readonly Geometry _lake;
    private readonly Geometry _lakeBand;
    private readonly List<Geometry> _areas = [];
    private readonly IndicativeLayout _areaLayout = new(gapMetres: 200);
    private readonly IndicativeLayout _siteLayout = new(gapMetres: 50);
    private Geometry? _areasUnion;

    public IndicativePlacer(BaseLayers layers, IEnumerable<PlaceRecord> places)
    {
        _counties = layers.Counties.ToDictionary(c => c.Code);
        _places = places.ToDictionary(p => p.Id);
        var water = ToPlane(UnaryUnionOp.Union(layers.Lakes.Select(l => (Geometry)l.Geometry).ToList()));
        foreach (var county in layers.Counties)
            _countyLand[county.Code] = ToPlane(county.Geometry).Difference(water).Buffer(-RegionMarginMetres);
        var lake = ToPlane(layers.KhankaChina);
        _lake = lake.Buffer(-RegionMarginMetres * 10);
        _lakeBand = lake.Buffer(LakeShoreBandMetres);
    }

    /// <summary>A park, ecological area or zone: an area other areas keep clear of. Parks can hold sites placed later.</summary>
    public Placed PlaceArea(string id, string countyCode, Placement placement, FootprintShape defaultShape, bool isPark = false)
    {
        if (placement.Within == "county_whole")
            return new Placed(_counties[countyCode].Geometry, "derived", placement.Note);
        var area = placement.NominalAreaM2 ?? throw new InvalidDataException($"{id}: an area needs nominal_area_m2");
        var region = Region(id, countyCode, placement.Within, forSite: false);
        var shape = Shape(placement.Shape, defaultShape);
        var plane = Fit(id, () => _areaLayout.Place(region, Anchor(id, countyCode, placement.Near), area, shape, placement.KeepClear));
        if (isPark) _parks[id] = plane;
        if (placement.KeepClear) _areas.Add(plane);
        _areasUnion = null;
        return new Placed(ToLonLat(plane), "indicative", placement.Note);
    }

    /// <summary>Afterwards keep other areas clear of a park placed without reserving its space (one that holds others).</summary>
    public void ReserveArea(string id)
    {
        _areaLayout.Reserve(_parks[id]);
        _areas.Add(_parks[id]);
        _areasUnion = null;
    }

    public Placed PlaceProject(ProjectRecord project)
    {
        var placement = project.Placement!;
        var (area, basis) = project.LandAreaM2 is { } land
            ? (land, null)
            : placement.NominalAreaM2 is { } nominal
                ? (nominal, null)
                : project.BuildingAreaM2 is { } building && building * 2 > DefaultSiteAreaM2
                    ? (building * 2, "示意面积按建筑面积×2 / nominal: twice the building area")
                    : (DefaultSiteAreaM2, "示意面积3公顷 / nominal 3 ha");
        var region = Region(project.Id, project.CountyCode!, placement.Within, forSite: true);
        var plane = Fit(project.Id, () => _siteLayout.Place(region, Anchor(project.Id, project.CountyCode!, placement.Near), area,
            Shape(placement.Shape, FootprintShape.Square)));
        return new Placed(ToLonLat(plane), "indicative", Join(placement.Note, basis));
    }

    public Placed PlaceEnterprise(EnterpriseRecord enterprise)
    {
        var region = Region(enterprise.Id, enterprise.CountyCode, enterprise.Placement.Within, forSite: true);
        var marker = Fit(enterprise.Id, () => _siteLayout.Place(region,
            Anchor(enterprise.Id, enterprise.CountyCode, enterprise.Placement.Near), EnterpriseMarkerAreaM2, FootprintShape.Square));
        return new Placed(ToLonLat(marker.Centroid), "indicative", enterprise.Placement.Note);
    }

    private Geometry Region(string id, string countyCode, string? within, bool forSite)
    {
        if (!_countyLand.TryGetValue(countyCode, out var land))
            throw new InvalidDataException($"{id}: unknown county {countyCode}");
        var region = within switch
        {
            null or "county" => land,
            "lake" => _lake,
            "lake_shore" => land.Intersection(_lakeBand),
            _ when within.StartsWith("park:", StringComparison.Ordinal) =>
                _parks.TryGetValue(within[5..], out var park)
                    ? park.Buffer(-RegionMarginMetres)
                    : throw new InvalidDataException($"{id}: park {within[5..]} is not placed (place parks first)"),
            _ => throw new InvalidDataException($"{id}: unknown placement 'within': {within}"),
        };
        if (!forSite || within == "lake") return region;
        _areasUnion ??= UnaryUnionOp.Union(_areas);
        var keepOut = within?.StartsWith("park:", StringComparison.Ordinal) == true
            ? UnaryUnionOp.Union(_areas.Where(a => !a.Covers(_parks[within[5..]])).ToList())
            : _areasUnion;
        return keepOut is null || keepOut.IsEmpty ? region : region.Difference(keepOut);
    }

    private Coordinate? Anchor(string id, string countyCode, string? near)
    {
        switch (near)
        {
            case null or "interior":
                return null;
            case "seat":
                var seat = _counties[countyCode].Seat;
                return ToPlane(seat).Coordinate;
            case var _ when near.StartsWith("place:", StringComparison.Ordinal):
                if (!_places.TryGetValue(near[6..], out var place)) throw new InvalidDataException($"{id}: unknown place {near[6..]}");
                var (e, n) = GaussKruger.Project(place.Lon, place.Lat, Plane);
                return new Coordinate(e, n);
            default:
                throw new InvalidDataException($"{id}: unknown placement 'near': {near}");
        }
    }

    private static Polygon Fit(string id, Func<Polygon> place)
    {
        try
        {
            return place();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{id}: {e.Message}", e);
        }
    }

    private static FootprintShape Shape(string? shape, FootprintShape fallback) => shape switch
    {
        null => fallback,
        "square" => FootprintShape.Square,
        "circle" => FootprintShape.Circle,
        _ => throw new InvalidDataException($"unknown shape '{shape}'"),
    };

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}；{b}";

    private static Geometry ToPlane(Geometry lonLat) => GaussKruger.ToPlane(lonLat, Plane);

    private static Geometry ToLonLat(Geometry plane) => GaussKruger.ToLonLat(plane, Plane);
}
