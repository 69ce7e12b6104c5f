using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class GeographicTilesTests
{
    [Fact]
    public void Matrix_0_is_two_tiles_of_180_degrees_west_and_east_of_Greenwich()
    {
        Assert.Equal((2, 1), (GeographicTiles.MatrixWidth(0), GeographicTiles.MatrixHeight(0)));
        var west = GeographicTiles.Degrees(0, 0, 0);
        var east = GeographicTiles.Degrees(0, 0, 1);

        Assert.Equal((-180, 0, -90, 90), (west.MinX, west.MaxX, west.MinY, west.MaxY));
        Assert.Equal((0, 180, -90, 90), (east.MinX, east.MaxX, east.MinY, east.MaxY));
    }

    [Fact]
    public void Mishan_lies_in_tile_9_126_887()
    {
        // 密山 131.87°E 45.55°N: tiles of 180/512° ≈ 0.3516°; column ⌊311.87 / 0.3516⌋ = 887, row ⌊44.45 / 0.3516⌋ = 126.
        var (row, column) = GeographicTiles.TileOf(9, 131.87, 45.55);

        Assert.Equal((126, 887), (row, column));
        Assert.True(GeographicTiles.Degrees(9, row, column).Contains(131.87, 45.55));
    }

    [Theory]
    [InlineData(0, 180, -90, 0, 1)]
    [InlineData(0, -180, 90, 0, 0)]
    [InlineData(3, 180, -90, 7, 15)]
    [InlineData(3, 179.999, -89.999, 7, 15)]
    public void The_east_and_south_edges_belong_to_the_last_column_and_row(int zoom, double longitude, double latitude, long row, long column)
    {
        Assert.Equal((row, column), GeographicTiles.TileOf(zoom, longitude, latitude));
        Assert.True(GeographicTiles.Degrees(zoom, row, column).Contains(longitude, latitude));
    }

    [Fact]
    public void A_margin_widens_the_tile_by_that_share_of_its_width_on_every_side()
    {
        var plain = GeographicTiles.Degrees(12, 1450, 7000);
        var widened = GeographicTiles.Degrees(12, 1450, 7000, margin: 0.5);

        Assert.Equal(GeographicTiles.TileWidth(12), plain.Width, precision: 12);
        Assert.Equal(plain.Width * 2, widened.Width, precision: 12);
        Assert.Equal(plain.MaxY + plain.Height / 2, widened.MaxY, precision: 12);
    }

    [Fact]
    public void The_scale_of_matrix_0_is_WorldCRS84Quads()
    {
        // OGC 17-083r4 Annex D.2: matrix 0 of WorldCRS84Quad is 1 : 279 541 132.014 358 with cells of 0.703125°.
        Assert.Equal(279_541_132.014358, GeographicTiles.TileWidth(0) / 256 * GeographicTiles.MetresPerDegree / 0.00028, precision: 5);
    }
}
