using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>
/// The overview layers (counties, water, rivers, borders, areas, parks) read at a band of zooms with zoom-level: at the
/// overview Leaflet holds and draws a fraction of the counties' vertices, from zoom 13 every one, and back out the
/// generalised shapes again.
/// </summary>
[Collection(WebTests.Name)]
public sealed class GeneralisedLayersTests(WebFixture web)
{
    private const string County = "230302";

    // The vertices Leaflet holds for the counties (what a zoom end projects), and the commands of their SVG paths.
    private const string CountiesDrawn = """
        (code) => {
          const held = [...spatialMap.layers.leaflet].filter(([key]) => key.startsWith('counties/'))
            .reduce((sum, [, layer]) => sum + layer.getLayers()[0].getLatLngs().flat(3).length, 0);
          const commands = (path) => (path?.getAttribute('d').match(/[ML]/g) ?? []).length;
          const paths = [...document.querySelectorAll('path[class*="feature-counties-"]')];
          const one = spatialMap.layers.layerOf('counties', code).getLayers()[0];
          return { held, commands: paths.reduce((sum, p) => sum + commands(p), 0),
                   oneHeld: one.getLatLngs().flat(3).length, oneCommands: commands(document.querySelector(`path.feature-counties-${code}`)) };
        }
        """;

    private sealed record Drawn(int Held, int Commands, int OneHeld, int OneCommands);

    private static async Task<Drawn> DrawnAsync(IPage page)
    {
        var d = await page.EvaluateAsync<JsonElement>(CountiesDrawn, County);
        return new(d.GetProperty("held").GetInt32(), d.GetProperty("commands").GetInt32(), d.GetProperty("oneHeld").GetInt32(), d.GetProperty("oneCommands").GetInt32());
    }

    private static async Task ViewAsync(IPage page, double lat, double lon, int zoom) => await page.EvaluateAsync(string.Create(CultureInfo.InvariantCulture,
        $"async () => {{ spatialMap.map.setView([{lat}, {lon}], {zoom}, {{ animate: false }}); await spatialMap.layers.refresh(); }}"));

    [Fact]
    public async Task The_counties_at_the_overview_hold_and_draw_a_fraction_of_the_vertices_drawn_at_zoom_13_and_get_them_back_zooming_out()
    {
        var stored = await web.Database.ScalarAsync<long>("SELECT sum(ST_NPoints(geom) - ST_NRings(geom))::bigint FROM counties");
        var county = await web.Database.ScalarAsync<long>("SELECT (ST_NPoints(geom) - ST_NRings(geom))::bigint FROM counties WHERE code = $1", County);
        var lat = await web.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM counties WHERE code = $1", County);
        var lon = await web.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM counties WHERE code = $1", County);
        var (page, errors) = await web.OpenAsync();

        var overview = await DrawnAsync(page);
        await ViewAsync(page, lat, lon, 13);
        var detailed = await DrawnAsync(page);
        await ViewAsync(page, 45.25, 131.8, 8);
        var backOut = await DrawnAsync(page);

        Assert.True(overview.Held * 4 < stored, $"{overview.Held} of the counties' {stored} vertices held at zoom 8");
        Assert.True(overview.Commands * 4 < stored, $"{overview.Commands} path commands for the counties' {stored} vertices at zoom 8");
        Assert.Equal(county, detailed.OneHeld);
        Assert.True(detailed.OneCommands > 3 * overview.OneCommands,
            $"{County}: {detailed.OneCommands} path commands at zoom 13 (clipped to the view), {overview.OneCommands} at zoom 8");
        Assert.Equal(overview.OneHeld, backOut.OneHeld);
        Assert.Equal(overview.Held, backOut.Held);
        Assert.Empty(errors);
    }

    // Zooms in by one once the next band is held, counting the counties' vertices Leaflet projects until the zoom's end.
    private const string ZoomInCounted = """
        async () => {
          const layers = spatialMap.layers, map = spatialMap.map;
          await layers.loads.get('counties@9');
          const counties = () => [...layers.leaflet].filter(([key]) => key.startsWith('counties/')).map(([, layer]) => layer.getLayers()[0]);
          const vertices = () => counties().reduce((sum, shape) => sum + shape.getLatLngs().flat(3).length, 0);
          const mine = new Set(counties());
          const before = vertices();
          let projected = 0;
          const original = L.Polyline.prototype._projectLatlngs;
          L.Polyline.prototype._projectLatlngs = function (latlngs, result, bounds) {
            if (mine.has(this) && latlngs[0] instanceof L.LatLng) projected += latlngs.length;
            return original.call(this, latlngs, result, bounds);
          };
          await new Promise((resolve) => { map.once('zoomend', resolve); map.zoomIn(); });
          L.Polyline.prototype._projectLatlngs = original;
          const atZoomEnd = vertices();
          await layers.refresh();
          return { before, projected, atZoomEnd, afterRefresh: vertices() };
        }
        """;

    [Fact]
    public async Task A_zoom_into_the_next_band_projects_only_that_bands_vertices_at_its_end_never_the_old_ones_first()
    {
        var (page, errors) = await web.OpenAsync();

        var counted = await page.EvaluateAsync<JsonElement>(ZoomInCounted);
        var (before, projected, atZoomEnd, afterRefresh) = (counted.GetProperty("before").GetInt32(), counted.GetProperty("projected").GetInt32(),
            counted.GetProperty("atZoomEnd").GetInt32(), counted.GetProperty("afterRefresh").GetInt32());

        Assert.True(atZoomEnd > before, $"zoom 9 holds {atZoomEnd} vertices, zoom 8 {before}");
        Assert.Equal(atZoomEnd, projected);
        Assert.Equal(atZoomEnd, afterRefresh);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_overview_layer_is_asked_for_at_the_band_of_the_zoom_and_the_dense_layers_never()
    {
        var (page, _) = await web.NewPageAsync();
        var asked = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/items?", StringComparison.Ordinal)) lock (asked) asked.Add(request.Url); };
        await page.GotoAsync(web.Server.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });

        string[] overviewLayers = ["counties", "water-bodies", "rivers", "borders", "ecological-areas", "industrial-parks"];
        lock (asked)
        {
            foreach (var layer in overviewLayers)
                Assert.Contains(asked, url => url.Contains($"/collections/{layer}/items?", StringComparison.Ordinal) && url.Contains("zoom-level=8", StringComparison.Ordinal));
            Assert.DoesNotContain(asked, url => url.Contains("/collections/projects/items?", StringComparison.Ordinal) && url.Contains("zoom-level", StringComparison.Ordinal));
        }
    }
}
