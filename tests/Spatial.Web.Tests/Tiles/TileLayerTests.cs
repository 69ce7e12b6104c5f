using System.Globalization;
using Microsoft.Playwright;
using static Spatial.Web.Tests.Tiles.TiledMap;

namespace Spatial.Web.Tests.Tiles;

/// <summary>
/// Below zoom 13 every layer is drawn from the service's vector tiles; from 13 on they are GeoJSON shapes.
/// Each test checks what the page drew — the tile layers' features, canvas pixels in the legend's colours — and
/// what it asked the service for.
/// </summary>
[Collection(WebTests.Name)]
public sealed class TileLayerTests(WebFixture web)
{
    [Fact]
    public async Task At_the_overview_zoom_every_layer_is_drawn_from_vector_tiles_one_request_per_tile_without_an_items_page()
    {
        var (page, errors) = await web.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };
        await page.GotoAsync(web.Server.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
        await TilesLoadedAsync(page);
        var drawn = await DrawnIdsAsync(page, "projects");
        var view = await page.EvaluateAsync<double[]>("() => { const b = spatialMap.map.getBounds().pad(-0.02); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        var inView = await web.Database.ScalarAsync<string[]>(
            "SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM projects WHERE ST_CoveredBy(geom, ST_MakeEnvelope($1, $2, $3, $4, 4490))", view[0], view[1], view[2], view[3]);
        var stored = await web.Database.ScalarAsync<string[]>("SELECT array_agg(id) FROM projects WHERE geom IS NOT NULL");
        var zones = await DrawnIdsAsync(page, "planting-zones");
        await WebFixture.ScreenshotAsync(page, "tiles-overview");

        lock (requested)
        {
            // One request per tile, with every layer.
            Assert.Contains(requested, url => url.StartsWith($"{web.Server.Url}/tiles/WebMercatorQuad/8/", StringComparison.Ordinal)
                && url.EndsWith("?collections=" + string.Join(',', Layers), StringComparison.Ordinal));
            Assert.DoesNotContain(requested, url => url.Contains("/collections/", StringComparison.Ordinal) && url.Contains("/tiles/", StringComparison.Ordinal));
            // The search list reads one page of projects (no bbox); only the counties (their labels) are read by area.
            foreach (var layer in Layers.Skip(1))
                Assert.DoesNotContain(requested, url => url.Contains($"/collections/{layer}/items", StringComparison.Ordinal) && url.Contains("bbox=", StringComparison.Ordinal));
        }
        Assert.NotEmpty(inView);
        Assert.Empty(inView.Except(drawn));
        Assert.Empty(drawn.Except(stored));
        Assert.NotEmpty(zones);
        Assert.Equal(0, await page.Locator("path[class*='feature-']").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_tile_feature_is_drawn_in_its_sectors_colour_and_a_click_opens_its_full_popup()
    {
        var (lon, lat, sector) = await PointOnAsync("JX-01");
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=12&lat={lat:F5}&lon={lon:F5}&layers=counties,projects"));
        await TilesLoadedAsync(page);
        var (x, y) = await OnPageAsync(page, lon, lat);
        var pixel = await PixelAsync(page, x, y);
        SameColour(await LegendColourAsync(page, "sectors", sector), pixel, "JX-01 on its tile");

        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator(".leaflet-popup-content .popup[data-feature='JX-01']");
        // First the tile's attributes, then every attribute of the feature read by id (the investment is not in the tile).
        await page.WaitForFunctionAsync("() => document.querySelector('.leaflet-popup-content .popup')?.textContent.includes('亿元')");
        var text = await popup.TextContentAsync();
        await WebFixture.ScreenshotAsync(page, "tile-popup");

        Assert.Contains("黑龙江珍宝岛药业股份有限公司化药原料药三期工程", text, StringComparison.Ordinal);
        Assert.Contains("4.90 亿元", text, StringComparison.Ordinal);
        Assert.Contains("鸡冠区", text, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_layer_is_painted_on_one_canvas_per_tile_in_the_plans_order_and_a_layer_switched_off_leaves_it()
    {
        var (page, errors) = await web.OpenAsync("/#z=9&lat=45.25000&lon=131.80000");
        await TilesLoadedAsync(page);
        const string Canvases = """
            () => {
              const tiles = Object.values(spatialMap.layers.tiles._tiles);
              return {
                canvases: document.querySelectorAll('canvas.vector-tile').length,
                positions: new Set(tiles.map((t) => `${t.coords.z}/${t.coords.x}/${t.coords.y}`)).size,
                collections: [...new Set(tiles.map((t) => t.el.dataset.collections))],
                painted: [...spatialMap.layers.tiles.drawn.values()].map((tile) => tile.layers.filter((l) => l.types.length).map((l) => l.collection)),
              };
            }
            """;
        var all = await page.EvaluateAsync<System.Text.Json.JsonElement>(Canvases);
        var order = all.GetProperty("painted").EnumerateArray().Select(t => t.EnumerateArray().Select(c => Array.IndexOf(Layers, c.GetString())).ToArray()).ToArray();

        await page.Locator("[data-layer='planting-zones']").UncheckAsync();
        await TilesLoadedAsync(page);
        var withoutZones = await page.EvaluateAsync<System.Text.Json.JsonElement>(Canvases);
        var zonesOff = (await DrawnIdsAsync(page, "planting-zones")).Length;
        var projectsOn = (await DrawnIdsAsync(page, "projects")).Length;
        await page.Locator("[data-layer='planting-zones']").CheckAsync();
        await TilesLoadedAsync(page);
        var zonesBack = (await DrawnIdsAsync(page, "planting-zones")).Length;

        Assert.Equal(all.GetProperty("positions").GetInt32(), all.GetProperty("canvases").GetInt32());
        Assert.Equal([string.Join(' ', Layers)], all.GetProperty("collections").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Contains(order, layers => layers.Distinct().Count() >= 3);
        Assert.All(order, layers => Assert.True(layers.All(i => i >= 0) && layers.SequenceEqual(layers.Order()), $"painted in the order {string.Join(", ", layers)}"));
        Assert.Equal(withoutZones.GetProperty("positions").GetInt32(), withoutZones.GetProperty("canvases").GetInt32());
        Assert.Equal([string.Join(' ', Layers.Where(l => l != "planting-zones"))], withoutZones.GetProperty("collections").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(0, zonesOff);
        Assert.True(projectsOn > 0, "projects still drawn");
        Assert.True(zonesBack > 0, "zones drawn again");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_park_drawn_from_tiles_opens_its_popup_on_a_click()
    {
        // The largest park, at a point of it in no project or enterprise (whose popups a click there would open).
        await using var command = web.Database.DataSource.CreateCommand("""
            SELECT p.id, ST_X(c), ST_Y(c) FROM industrial_parks p, ST_PointOnSurface(p.geom) c
            WHERE p.geom IS NOT NULL AND NOT EXISTS (SELECT 1 FROM projects o WHERE ST_DWithin(o.geom, c, 0.003))
              AND NOT EXISTS (SELECT 1 FROM enterprises e WHERE ST_DWithin(e.geom, c, 0.003))
            ORDER BY ST_Area(p.geom) DESC LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "a park with a point in no project");
        var (id, lon, lat) = (reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2));
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=11&lat={lat:F5}&lon={lon:F5}&layers=counties,industrial-parks"));
        await TilesLoadedAsync(page);
        var (x, y) = await OnPageAsync(page, lon, lat);

        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator($".leaflet-popup-content .popup[data-feature='{id}']");
        await popup.WaitForAsync();

        Assert.Contains(id, await DrawnIdsAsync(page, "industrial-parks"));
        Assert.Equal(0, await page.Locator("path[class*='feature-industrial-parks-']").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_county_drawn_from_tiles_opens_its_popup_outside_every_county_nothing_opens_and_each_label_stands_once()
    {
        await using var command = web.Database.DataSource.CreateCommand("SELECT ST_X(c), ST_Y(c) FROM counties, ST_PointOnSurface(geom) c WHERE code = '230382'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (lon, lat) = (reader.GetDouble(0), reader.GetDouble(1));
        await reader.DisposeAsync();
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=9&lat={lat:F5}&lon={lon:F5}&layers=counties"));
        await page.RouteAsync("**/appmaptile**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = BasemapTests.BlankPng }));
        await TilesLoadedAsync(page);
        var view = await page.EvaluateAsync<double[]>("() => { const b = spatialMap.map.getBounds().pad(-0.1); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        // A point of the view 2 km from every county (Russia, east of Mishan and Hulin).
        var outside = await web.Database.ScalarAsync<double[]>("""
            SELECT ARRAY[ST_X(p), ST_Y(p)] FROM generate_series(0, 39) i, generate_series(0, 39) j,
              ST_SetSRID(ST_MakePoint($1 + ($3 - $1) * i / 39.0, $2 + ($4 - $2) * j / 39.0), 4490) p
            WHERE NOT EXISTS (SELECT 1 FROM counties c WHERE ST_DWithin(c.geom, p, 0.02)) ORDER BY i, j LIMIT 1
            """, view[0], view[1], view[2], view[3]);
        const string Popups = "() => document.querySelectorAll('.leaflet-popup-content .popup').length";
        const string Labels = """
            () => {
              const texts = [...document.querySelectorAll('.leaflet-tooltip.county-label')].map((l) => l.textContent);
              return [texts.length, new Set(texts).size, spatialMap.layers.features.get('counties').size];
            }
            """;

        var (ox, oy) = await OnPageAsync(page, outside[0], outside[1]);
        await page.Mouse.ClickAsync(ox, oy);
        await page.WaitForTimeoutAsync(300);
        var popupsOutside = await page.EvaluateAsync<int>(Popups);
        var (x, y) = await OnPageAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator(".leaflet-popup-content .popup[data-feature='230382']");
        await popup.WaitForAsync();
        var countyPopup = await popup.TextContentAsync();
        var labelsFirst = await page.EvaluateAsync<int[]>(Labels);
        await page.SelectOptionAsync("#basemap", "gaode");
        await page.SelectOptionAsync("#basemap", "none");
        await page.ClickAsync("#lang");
        await TilesLoadedAsync(page);
        var labelsAfter = await page.EvaluateAsync<int[]>(Labels);

        Assert.Equal(0, popupsOutside);
        Assert.Contains("密山市", countyPopup, StringComparison.Ordinal);
        Assert.True(labelsFirst[2] > 0, "counties read for their labels");
        Assert.Equal([labelsFirst[2], labelsFirst[2], labelsFirst[2]], labelsFirst);
        Assert.Equal(labelsFirst, labelsAfter);
        Assert.Contains("Mishan", string.Join(' ', await page.Locator(".county-label").AllTextContentsAsync()), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("editing", true)]
    [InlineData("highlight", false)]
    public async Task A_shape_that_is_not_the_plans_keeps_its_click_over_a_tile_feature(string pane, bool dragged)
    {
        var (lon, lat, _) = await PointOnAsync("JX-01");
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=12&lat={lat:F5}&lon={lon:F5}&layers=counties,projects"));
        await TilesLoadedAsync(page);
        // A shape as the outline editor's copy (pane "editing", dragged whole with Geoman) or a footprint's overlap (pane
        // "highlight", with its tooltip) puts it, over JX-01 as drawn from its tile.
        await page.EvaluateAsync("""
            ([pane, dragged, lon, lat]) => {
              const shape = L.polygon([[lat - 0.004, lon - 0.006], [lat + 0.004, lon - 0.006], [lat + 0.004, lon + 0.006], [lat - 0.004, lon + 0.006]],
                { pane, color: '#fa541c', fillOpacity: 0.35 }).addTo(spatialMap.map);
              if (dragged) shape.pm.enableLayerDrag();
              else shape.bindTooltip('overlap');
            }
            """, new object[] { pane, dragged, lon, lat });
        var (x, y) = await OnPageAsync(page, lon, lat);
        const string Popups = "() => document.querySelectorAll('.leaflet-popup-content .popup').length";

        if (dragged)
        {
            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            for (var step = 1; step <= 5; step++) await page.Mouse.MoveAsync(x + step, y);
            await page.Mouse.UpAsync();
        }
        await page.Mouse.ClickAsync(x, y);
        await page.WaitForTimeoutAsync(400);
        var onTheShape = await page.EvaluateAsync<int>(Popups);
        await page.EvaluateAsync("() => { spatialMap.map.eachLayer((l) => { if (l.options.pane === 'editing' || l.options.pane === 'highlight') l.remove(); }); }");
        await page.Mouse.ClickAsync(x, y);
        await page.WaitForFunctionAsync(Popups + " === 1", null, new() { Timeout = 10_000 });

        Assert.Equal(0, onTheShape);
        Assert.Equal("JX-01", await page.Locator(".leaflet-popup-content .popup").GetAttributeAsync("data-feature"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Zooming_in_to_13_replaces_the_tiles_by_geojson_shapes_read_by_bbox_that_open_popups()
    {
        var (lon, lat, _) = await PointOnAsync("JX-01");
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=12&lat={lat:F5}&lon={lon:F5}&layers=counties,projects"));
        await TilesLoadedAsync(page);
        var requested = new List<string>();
        page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };
        var tilesAt12 = await page.Locator("canvas.vector-tile[data-collections='counties projects']").CountAsync();

        await page.ClickAsync(".leaflet-control-zoom-in");
        await page.WaitForSelectorAsync("path.feature-projects-JX-01");
        await page.WaitForFunctionAsync("() => location.hash.includes('z=13')");
        var tilesAt13 = await page.Locator("canvas.vector-tile").CountAsync();
        await page.Locator("path.feature-projects-JX-01").ClickAsync();
        var popup = page.Locator(".leaflet-popup-content .popup[data-feature='JX-01']");
        await popup.WaitForAsync();

        Assert.True(tilesAt12 > 0, "projects drawn from tiles at zoom 12");
        Assert.Equal(0, tilesAt13);
        lock (requested)
        {
            Assert.Contains(requested, url => url.Contains("/collections/projects/items", StringComparison.Ordinal) && url.Contains("bbox=", StringComparison.Ordinal));
            Assert.DoesNotContain(requested, url => url.Contains("/tiles/WebMercatorQuad/13/", StringComparison.Ordinal));
        }
        Assert.Contains("4.90 亿元", await popup.TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task On_the_gaode_basemap_tile_features_are_drawn_and_clicked_where_gcj02_puts_them()
    {
        // A small project with no other within 1.5 km: the ≈ 650 m shift (≈ 24 px at zoom 12) moves it off its own pixels.
        var id = await web.Database.ScalarAsync<string>("""
            SELECT p.id FROM projects p
            WHERE p.geom IS NOT NULL AND ST_XMax(p.geom) - ST_XMin(p.geom) < 0.004 AND ST_YMax(p.geom) - ST_YMin(p.geom) < 0.003
              AND NOT EXISTS (SELECT 1 FROM projects o WHERE o.id <> p.id AND ST_DWithin(o.geom, p.geom, 0.015))
            ORDER BY p.id LIMIT 1
            """);
        var (lon, lat, sector) = await PointOnAsync(id);
        // The projects alone: the counties' faint fill would colour the unshifted position on the same canvas.
        var (page, errors) = await web.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/#z=12&lat={lat:F5}&lon={lon:F5}&layers=projects"));
        await page.RouteAsync("**/appmaptile**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = BasemapTests.BlankPng }));
        await page.SelectOptionAsync("#basemap", "gaode");
        await TilesLoadedAsync(page);
        var (sx, sy) = await OnPageAsync(page, lon, lat, gcj: true);
        var (ux, uy) = await OnPageAsync(page, lon, lat);
        var shifted = await PixelAsync(page, sx, sy);
        var unshifted = await PixelAsync(page, ux, uy);
        var colour = await LegendColourAsync(page, "sectors", sector);

        await page.Mouse.ClickAsync(sx, sy);
        var popup = page.Locator($".leaflet-popup-content .popup[data-feature='{id}']");
        await popup.WaitForAsync();

        Assert.True(sx - ux > 15, $"{id} is drawn {sx - ux} px east of its CGCS2000 position");
        SameColour(colour, shifted, $"{id} at its GCJ-02 position");
        Assert.Equal(0, unshifted[3]);
        Assert.Empty(errors);
    }

    private async Task<(double Lon, double Lat, string Sector)> PointOnAsync(string id)
    {
        await using var command = web.Database.DataSource.CreateCommand("SELECT ST_X(c), ST_Y(c), sector FROM (SELECT ST_PointOnSurface(geom) c, sector FROM projects WHERE id = $1) p");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), id);
        return (reader.GetDouble(0), reader.GetDouble(1), reader.GetString(2));
    }
}
