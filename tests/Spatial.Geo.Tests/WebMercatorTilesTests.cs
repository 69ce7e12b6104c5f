using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class WebMercatorTilesTests
{
    [Fact]
    public void The_one_tile_of_zoom_0_spans_the_world_to_85_0511_degrees()
    {
        var world = WebMercatorTiles.Degrees(0, 0, 0);

        Assert.Equal((-180, 180), (world.MinX, world.MaxX));
        Assert.Equal(85.0511287798, world.MaxY, precision: 9);
        Assert.Equal(-85.0511287798, world.MinY, precision: 9);
    }

    [Fact]
    public void Mishan_lies_in_tile_10_366_887_as_every_web_map_numbers_it()
    {
        // 密山 131.87°E 45.55°N: column ⌊(131.87 + 180) / 360 · 1024⌋ = 887, row from the north 366 (OSM's slippy-map formula).
        var (row, column) = WebMercatorTiles.TileOf(10, 131.87, 45.55);

        Assert.Equal((366, 887), (row, column));
        Assert.True(WebMercatorTiles.Degrees(10, row, column).Contains(131.87, 45.55));
    }

    [Fact]
    public void A_margin_widens_the_tile_by_that_share_of_its_width_on_every_side()
    {
        var tile = WebMercatorTiles.Metres(12, 1450, 3540);
        var widened = WebMercatorTiles.Degrees(12, 1450, 3540, margin: 0.5);
        var plain = WebMercatorTiles.Degrees(12, 1450, 3540);

        Assert.Equal(tile.Width, WebMercatorTiles.TileWidth(12), precision: 6);
        Assert.Equal(plain.Width * 2, widened.Width, precision: 9);
        Assert.Equal(WebMercatorTiles.Latitude(tile.MaxY + tile.Height / 2), widened.MaxY, precision: 12);
    }

    [Fact]
    public void Metres_and_degrees_convert_back_and_forth()
    {
        var (x, y) = WebMercatorTiles.ToMetres(131.0, 45.3);

        Assert.Equal(131.0, WebMercatorTiles.Longitude(x), precision: 12);
        Assert.Equal(45.3, WebMercatorTiles.Latitude(y), precision: 12);
    }
}
