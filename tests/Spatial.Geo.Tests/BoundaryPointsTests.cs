using NetTopologySuite.IO;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class BoundaryPointsTests
{
    private static readonly LandParcelFile Example =
        LandParcelTxt.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt")));

    [Fact]
    public void The_table_of_the_example_lists_every_point_line_of_the_file_with_the_edge_to_the_next()
    {
        var points = BoundaryPoints.Of(Example.Parcels[0]);

        Assert.Equal(12, points.Count);
        Assert.Equal(["J1", "J2", "J3", "J4", "J5", "J6", "J1", "J7", "J8", "J9", "J10", "J7"], points.Select(p => p.Name));
        Assert.Equal(5018412.356, points[0].Northing);
        Assert.Equal(44418968.214, points[0].Easting);
        // J1 → J2: ΔX 3.546, ΔY 218.316
        Assert.Equal(Math.Sqrt(3.546 * 3.546 + 218.316 * 218.316), points[0].EdgeToNextM!.Value, 1e-6);
        Assert.Null(points[6].EdgeToNextM);
        Assert.Equal(2, points[7].Ring);
        Assert.Null(points[11].EdgeToNextM);
    }

    [Fact]
    public void The_edges_of_the_table_add_up_to_the_perimeter_of_the_outline()
    {
        foreach (var parcel in Example.Parcels)
        {
            var outline = ParcelOutlines.Build(parcel, Example).Plane;
            Assert.Equal(outline.Length, BoundaryPoints.Of(parcel).Sum(p => p.EdgeToNextM ?? 0), 1e-6);
        }
    }

    [Fact]
    public void An_outline_without_names_is_numbered_across_rings_and_each_ring_closes_on_its_first_point()
    {
        var plane = new WKTReader().Read("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 10 20, 20 20, 10 10))");

        var points = BoundaryPoints.Of(plane);

        Assert.Equal(["J1", "J2", "J3", "J4", "J1", "J5", "J6", "J7", "J5"], points.Select(p => p.Name));
        Assert.Equal(100, points[0].EdgeToNextM);
        Assert.Equal((100, 0), (points[3].Northing, points[3].Easting)); // x is easting, y northing: (0 100) is 100 m north
        Assert.Null(points[4].EdgeToNextM);
        Assert.Equal(2, points[5].Ring);
        Assert.Equal(plane.Length, points.Sum(p => p.EdgeToNextM ?? 0), 1e-9);
    }

    [Fact]
    public void The_zone_44_crs_has_its_epsg_name()
    {
        Assert.Equal("CGCS2000 / 3-degree Gauss-Kruger zone 44", new GaussKrugerZone(44).Name(prefixed: true));
        Assert.Equal("CGCS2000 / 3-degree Gauss-Kruger CM 132E", new GaussKrugerZone(44).Name(prefixed: false));
    }
}
