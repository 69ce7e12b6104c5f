using System.Globalization;
using Microsoft.Playwright;
using static Spatial.Web.Tests.Tiles.TiledMap;

namespace Spatial.Web.Tests;

/// <summary>
/// The overview layers and the project symbols are painted on canvases, one per pane: a zoom's end repaints them
/// instead of re-writing thousands of SVG paths. Their shapes still open their popups, and a click still reaches
/// what is drawn above or below them.
/// </summary>
[Collection(WebTests.Name)]
public sealed class CanvasLayersTests(WebFixture web)
{
    // The share of a pane's canvas (every 7th pixel read) that is painted.
    private const string PaintedShare = """
        async (pane) => {
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const canvas = document.querySelector(`.leaflet-${pane}-pane > canvas`);
          if (!canvas || !canvas.width) return 0;
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 28) if (pixels[i] > 0) painted += 1;
          return painted / (pixels.length / 28);
        }
        """;

    [Fact]
    public async Task The_overview_layers_and_the_project_symbols_are_painted_on_canvases_with_no_svg_path()
    {
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000");
        var drawn = new List<(string Pane, int Shapes, int Paths, double Painted)>();
        foreach (var layer in CanvasShapes.OverviewLayers)
        {
            drawn.Add(($"plan-{layer}", (await CanvasShapes.ShapesAsync(page, layer)).Length,
                await page.Locator($".leaflet-plan-{layer}-pane path").CountAsync(), await page.EvaluateAsync<double>(PaintedShare, $"plan-{layer}")));
        }
        drawn.Add(("project-symbols", (await CanvasShapes.SymbolsAsync(page)).Length,
            await page.Locator(".leaflet-project-symbols-pane path").CountAsync(), await page.EvaluateAsync<double>(PaintedShare, "project-symbols")));

        Assert.All(drawn, d => Assert.True(d.Shapes > 0 && d.Paths == 0 && d.Painted > 0,
            $"{d.Pane}: {d.Shapes} shapes, {d.Paths} SVG paths, {d.Painted:P2} of its canvas painted"));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("counties", "SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) p FROM counties WHERE code = '230382') c")]
    // A park no other park covers at its point.
    [InlineData("counties,industrial-parks", """
        SELECT id, ST_X(p), ST_Y(p) FROM (SELECT id, geom, ST_PointOnSurface(geom) p FROM industrial_parks) k
        WHERE NOT EXISTS (SELECT 1 FROM industrial_parks o WHERE o.id <> k.id AND ST_Intersects(o.geom, k.p)) ORDER BY id LIMIT 1
        """)]
    public async Task A_click_on_a_county_or_a_park_opens_its_popup(string layers, string pointSql)
    {
        var (id, lon, lat) = await PointAsync(pointSql);
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=10&lat={lat:F5}&lon={lon:F5}&layers={layers}"));
        var (x, y) = await OnPageAsync(page, lon, lat);

        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator(".leaflet-popup-content .popup");
        await popup.WaitForAsync();

        Assert.Equal(id, await popup.GetAttributeAsync("data-feature"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task From_zoom_13_a_parks_shape_keeps_the_click_over_a_planting_zone_and_beside_the_park_the_click_reaches_the_zone()
    {
        var (zoneInPark, lonIn, latIn) = await PointAsync("""
            SELECT p.id, ST_X(c), ST_Y(c) FROM planting_zones z JOIN industrial_parks p ON ST_Intersects(z.geom, p.geom),
              LATERAL (SELECT ST_PointOnSurface(ST_Intersection(z.geom, p.geom)) c) i
            ORDER BY z.id, p.id LIMIT 1
            """);
        var (zone, lon, lat) = await PointAsync("""
            SELECT z.id, ST_X(c), ST_Y(c) FROM planting_zones z, LATERAL (SELECT ST_PointOnSurface(z.geom) c) i
            WHERE NOT EXISTS (SELECT 1 FROM industrial_parks p WHERE ST_Intersects(p.geom, c))
              AND NOT EXISTS (SELECT 1 FROM planting_zones o WHERE o.id <> z.id AND ST_Intersects(o.geom, c))
            ORDER BY z.id LIMIT 1
            """);

        var park = await ClickedAtZoom13Async(lonIn, latIn);
        var below = await ClickedAtZoom13Async(lon, lat);

        Assert.Equal(zoneInPark, park);
        Assert.Equal(zone, below);
    }

    [Theory]
    [InlineData("editing", true)]
    [InlineData("highlight", false)]
    public async Task A_shape_that_is_not_the_plans_keeps_its_click_over_a_county_and_beside_it_the_county_opens(string pane, bool dragged)
    {
        var (page, errors) = await web.OpenAsync("/#z=14&lat=45.29600&lon=130.96700&layers=counties");
        // A shape as the outline editor's copy (pane "editing", dragged whole with Geoman) or a footprint's overlap (pane
        // "highlight", with its tooltip) puts it: about 60 × 70 px round the map's centre.
        await page.EvaluateAsync("""
            ([pane, dragged]) => {
              const { map } = spatialMap;
              const c = map.getCenter();
              const shape = L.polygon([[c.lat - 0.003, c.lng - 0.004], [c.lat + 0.003, c.lng - 0.004], [c.lat + 0.003, c.lng + 0.004], [c.lat - 0.003, c.lng + 0.004]],
                { pane, color: '#fa541c', fillOpacity: 0.35 }).addTo(map);
              if (dragged) shape.pm.enableLayerDrag();
              else shape.bindTooltip('overlap');
            }
            """, new object[] { pane, dragged });
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        const string Popups = "() => document.querySelectorAll('.leaflet-popup-content .popup').length";

        if (dragged)
        {
            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            for (var step = 1; step <= 10; step++) await page.Mouse.MoveAsync(x + 2 * step, y + step);
            await page.Mouse.UpAsync();
            (x, y) = (x + 20, y + 10);
        }
        await page.Mouse.ClickAsync(x, y);
        await page.WaitForTimeoutAsync(400);
        var onTheShape = await page.EvaluateAsync<int>(Popups);
        await page.Mouse.ClickAsync(box.X + 40, box.Y + box.Height - 40);
        await page.WaitForFunctionAsync(Popups + " === 1", null, new() { Timeout = 10_000 });

        Assert.Equal(0, onTheShape);
        Assert.StartsWith("2303", await page.Locator(".leaflet-popup-content .popup").GetAttributeAsync("data-feature"));
        Assert.Empty(errors);
    }

    /// <summary>The feature whose popup a click opens, with the planting zones (SVG from zoom 13) under the parks' canvas.</summary>
    private async Task<string?> ClickedAtZoom13Async(double lon, double lat)
    {
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=13&lat={lat:F5}&lon={lon:F5}&layers=planting-zones,industrial-parks"));
        Assert.True(await page.Locator("path[class*='feature-planting-zones-']").CountAsync() > 0, "the planting zones are SVG shapes at zoom 13");
        var (x, y) = await OnPageAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        // The shape clicked opens its popup first; one drawn above it replaces it (the first fades out for 200 ms).
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.leaflet-popup-content .popup').length === 1");
        Assert.Empty(errors);
        return await page.Locator(".leaflet-popup-content .popup").GetAttributeAsync("data-feature");
    }

    private async Task<(string Id, double Lon, double Lat)> PointAsync(string sql)
    {
        await using var command = web.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), sql);
        return (reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2));
    }
}
