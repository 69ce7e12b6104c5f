using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>The basemaps as the README promises them: 天地图 asks for its key once; 高德 shifts only what is shown.</summary>
[Collection(WebTests.Name)]
public sealed class BasemapTests(WebFixture web)
{
    internal static readonly byte[] BlankPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task Tianditu_asks_for_its_key_once_and_sends_it_with_every_tile()
    {
        var (page, errors) = await web.OpenAsync("/#z=12&lat=45.30000&lon=130.97000&layers=counties");
        var prompts = 0;
        page.Dialog += async (_, dialog) => { Interlocked.Increment(ref prompts); await dialog.AcceptAsync("test-tk"); };
        var tiles = new List<string>();
        await page.RouteAsync("https://*.tianditu.gov.cn/**", route =>
        {
            lock (tiles) tiles.Add(route.Request.Url);
            return route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = BlankPng });
        });

        await page.SelectOptionAsync("#basemap", "tianditu");
        await page.WaitForSelectorAsync("img.leaflet-tile-loaded");
        await page.SelectOptionAsync("#basemap", "none");
        await page.SelectOptionAsync("#basemap", "tianditu");
        await page.WaitForSelectorAsync("img.leaflet-tile-loaded");

        Assert.Equal(1, prompts);
        lock (tiles)
        {
            Assert.NotEmpty(tiles);
            Assert.All(tiles, url => Assert.Contains("tk=test-tk", url, StringComparison.Ordinal));
        }
        Assert.Empty(errors);
    }

    [Fact]
    public async Task On_the_gaode_basemap_a_drawing_is_shifted_back_from_gcj02_before_it_is_checked()
    {
        var plain = await DrawAndCaptureAsync("none");
        var gaode = await DrawAndCaptureAsync("gaode");

        // The same square on the screen: on Gaode's tiles it is read as GCJ-02 and sent ≈ 630 m west and 240 m south,
        // i.e. back where our CGCS2000 data is.
        Assert.InRange(gaode.Lon - plain.Lon, -0.0095, -0.0065);
        Assert.InRange(gaode.Lat - plain.Lat, -0.0035, -0.0010);
    }

    /// <summary>Draws a square in the middle of the map on the given basemap; returns the first vertex it posted.</summary>
    private async Task<(double Lon, double Lat)> DrawAndCaptureAsync(string basemap)
    {
        var (page, errors) = await web.OpenAsync("/#z=14&lat=45.29600&lon=130.96700&layers=counties");
        await page.RouteAsync("**/appmaptile**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = BlankPng }));
        if (basemap != "none") await page.SelectOptionAsync("#basemap", basemap);
        await page.ClickAsync("#tab-footprint");
        await page.ClickAsync("#draw");
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        var (cx, cy) = (map.X + map.Width / 2, map.Y + map.Height / 2);
        var posted = page.WaitForRequestAsync(request => request.Method == "POST" && request.Url.Contains("/footprint-checks", StringComparison.Ordinal));
        foreach (var (dx, dy) in new[] { (-40, -40), (40, -40), (40, 40), (-40, 40), (-40, -40) })
        {
            await page.Mouse.ClickAsync(cx + dx, cy + dy);
            await page.WaitForTimeoutAsync(150);
        }
        var body = JsonDocument.Parse((await posted).PostData!).RootElement;
        await page.WaitForSelectorAsync("#verdict");
        Assert.Empty(errors);
        var first = FirstPosition(body);
        return (first[0].GetDouble(), first[1].GetDouble());
    }

    private static JsonElement FirstPosition(JsonElement geoJson)
    {
        var coordinates = geoJson.TryGetProperty("geometry", out var geometry) ? geometry.GetProperty("coordinates") : geoJson.GetProperty("coordinates");
        while (coordinates[0].ValueKind == JsonValueKind.Array) coordinates = coordinates[0];
        return coordinates;
    }
}
