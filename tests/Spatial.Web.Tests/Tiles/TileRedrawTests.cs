using System.Globalization;
using Microsoft.Playwright;
using Spatial.Web.Tests.Editing;
using static Spatial.Web.Tests.Editing.EditorPage;
using static Spatial.Web.Tests.Tiles.TiledMap;

namespace Spatial.Web.Tests.Tiles;

/// <summary>A write from the map redraws the layer's tiles with the stored data: the tile is asked for again and answers 200 with a new ETag.</summary>
[Collection(WebTests.Name)]
public sealed class TileRedrawTests(WebFixture web, EditingFixture editing) : IClassFixture<EditingFixture>
{
    [Fact]
    public async Task A_sector_saved_from_a_tile_features_popup_is_redrawn_in_its_new_colour_from_a_new_tile()
    {
        const int N = 5;
        var (lon, lat) = (EditingFixture.CentreLongitude(N), (EditingFixture.South + EditingFixture.North) / 2);
        var (page, errors) = await web.NewPageAsync();
        var tiles = new List<(string Url, int Status, string? ETag, DateTime At)>();
        page.Response += (_, response) =>
        {
            if (!response.Url.Contains("/tiles/WebMercatorQuad/", StringComparison.Ordinal)) return;
            lock (tiles) tiles.Add((response.Url, response.Status, response.Headers.GetValueOrDefault("etag"), DateTime.UtcNow));
        };
        await page.GotoAsync(editing.Server.Url + string.Create(CultureInfo.InvariantCulture, $"/#z=12&lat={lat:F5}&lon={lon:F5}&layers=counties,projects"));
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
        await TilesLoadedAsync(page);
        var (x, y) = await OnPageAsync(page, lon, lat);
        var before = await PixelAsync(page, x, y);
        SameColour(await LegendColourAsync(page, "sectors", "biomedicine"), before, "ED-5 before the write");
        var tileOfEd5 = await page.EvaluateAsync<string>(
            "([lon, lat]) => { const p = spatialMap.map.project([lat, lon], 12).divideBy(256).floor(); return `/12/${p.y}/${p.x}`; }", new object[] { lon, lat });

        await SignInAsync(page, editing.LandOfficerKey);
        (x, y) = await OnPageAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        await page.Locator($".leaflet-popup button[data-edit='projects/ED-{N}']").ClickAsync();
        await page.WaitForSelectorAsync("#attribute-form #edit-field-sector");
        var bioEnergy = await editing.Database.ScalarAsync<string>("SELECT name_zh FROM sectors WHERE code = 'bio_energy'");
        await page.SelectOptionAsync("#edit-field-sector", new SelectOptionValue { Label = bioEnergy });
        var written = DateTime.UtcNow;
        await page.ClickAsync("#save-attributes");
        await page.WaitForSelectorAsync("#edit-message .edit-done");
        await page.WaitForFunctionAsync("(id) => spatialMap.layers.tiles.drawnFeatures('projects').some((f) => f.id === id && f.properties.sector === 'bio_energy')",
            $"ED-{N}", new() { Timeout = 30_000 });
        await TilesLoadedAsync(page);
        (x, y) = await OnPageAsync(page, lon, lat);
        var after = await PixelAsync(page, x, y);
        await WebFixture.ScreenshotAsync(page, "tile-redrawn");

        Assert.Equal("bio_energy", await editing.Database.ScalarAsync<string>($"SELECT sector FROM projects WHERE id = 'ED-{N}'"));
        SameColour(await LegendColourAsync(page, "sectors", "bio_energy"), after, "ED-5 after the write");
        lock (tiles)
        {
            var first = tiles.First(t => t.Url.Contains(tileOfEd5 + "?", StringComparison.Ordinal) && t.At < written);
            var again = tiles.Last(t => t.Url.Contains(tileOfEd5 + "?", StringComparison.Ordinal) && t.At > written);
            Assert.Equal(200, first.Status);
            Assert.Equal(200, again.Status);
            Assert.NotNull(again.ETag);
            Assert.NotEqual(first.ETag, again.ETag);
        }
        Assert.Empty(Unexpected(errors));
    }
}
