using System.Globalization;
using System.Text.RegularExpressions;
using static Spatial.Web.Tests.Editing.EditorPage;

namespace Spatial.Web.Tests.Imports;

/// <summary>
/// The 导出 dialog: the file the browser saves is what GDAL reads, under the service's name, with the layer's
/// features — all of them, or those of the view.
/// </summary>
[Collection(WebTests.Name)]
public sealed partial class ExportDownloadTests(WebFixture web)
{
    [GeneratedRegex(@"Feature Count: (\d+)")]
    private static partial Regex FeatureCount();

    private static async Task<int> OgrFeatureCountAsync(string file, string layer)
    {
        var summary = await Gdal.RunAsync("ogrinfo", "-ro", "-so", file, layer);
        var match = FeatureCount().Match(summary);
        Assert.True(match.Success, summary);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_geopackage_of_the_whole_layer_opens_in_ogrinfo_with_the_layers_count_of_features()
    {
        var (page, errors) = await web.OpenAsync("/#z=9&lat=45.30000&lon=131.00000&layers=counties,projects");
        // Exports are for everyone who can read the map; imports only for editors.
        Assert.Equal(0, await page.Locator("button[data-import]").CountAsync());
        await page.ClickAsync("button[data-export='projects']");
        await page.SelectOptionAsync("#export-format", "gpkg");
        await page.CheckAsync("#export-scope-layer");
        var download = page.WaitForDownloadAsync();
        await page.ClickAsync("#export-start");
        var saved = await download;
        var path = Path.Combine(ImportFiles.Scratch(), saved.SuggestedFilename);
        await saved.SaveAsAsync(path);

        Assert.EndsWith(".gpkg", saved.SuggestedFilename, StringComparison.Ordinal);
        var stored = await web.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE geom IS NOT NULL");
        var all = await web.Database.ScalarAsync<long>("SELECT count(*) FROM projects");
        var layer = (await Gdal.RunAsync("ogrinfo", "-ro", "-q", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(':')[1].Trim().Split(' ')[0];
        var exported = await OgrFeatureCountAsync(path, layer);
        Assert.True(exported == all, $"the GeoPackage holds {exported} features; the layer has {all} ({stored} with an outline)");
        await page.WaitForSelectorAsync("#export-done");
        Assert.Empty(Unexpected(errors));
    }

    /// <summary>The view of a map of <paramref name="width"/> × <paramref name="height"/> px at a centre and zoom (Web Mercator, 256-px tiles), grown by <paramref name="pixels"/>.</summary>
    private static (double West, double South, double East, double North) ViewBounds((double Lon, double Lat) centre, int zoom, double width, double height, double pixels)
    {
        var scale = 256 * Math.Pow(2, zoom);
        var x = (centre.Lon + 180) / 360 * scale;
        var y = (1 - Math.Log(Math.Tan(Math.PI / 4 + centre.Lat * Math.PI / 360)) / Math.PI) / 2 * scale;
        double Lon(double px) => px / scale * 360 - 180;
        double Lat(double py) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * py / scale))) * 180 / Math.PI;
        return (Lon(x - width / 2 - pixels), Lat(y + height / 2 + pixels), Lon(x + width / 2 + pixels), Lat(y - height / 2 - pixels));
    }

    [Fact]
    public async Task A_geojson_of_the_current_view_holds_the_projects_inside_the_view_and_no_others()
    {
        const int zoom = 10;
        var (page, errors) = await web.OpenAsync($"/#z={zoom}&lat=45.30000&lon=131.00000&layers=counties,projects");
        var centre = await SettledCentreAsync(page);
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        await page.ClickAsync("button[data-export='projects']");
        await page.SelectOptionAsync("#export-format", "geojson");
        Assert.True(await page.IsCheckedAsync("#export-scope-view"));
        var download = page.WaitForDownloadAsync();
        await page.ClickAsync("#export-start");
        var saved = await download;
        using var file = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync((await saved.PathAsync())!));
        var exported = file.RootElement.GetProperty("features").GetArrayLength();

        // Within two pixels of the view's edges a feature may fall either way; further in it must be there, further out not.
        const string inside = "SELECT count(*) FROM projects WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4490)";
        var (w, s, e, n) = ViewBounds(centre, zoom, map.Width, map.Height, -2);
        var surely = await web.Database.ScalarAsync<long>(inside, w, s, e, n);
        (w, s, e, n) = ViewBounds(centre, zoom, map.Width, map.Height, 2);
        var atMost = await web.Database.ScalarAsync<long>(inside, w, s, e, n);
        var all = await web.Database.ScalarAsync<long>("SELECT count(*) FROM projects");
        Assert.InRange(exported, surely, atMost);
        Assert.True(surely > 0 && atMost < all, $"the view should hold some projects but not all: {surely}…{atMost} of {all}");
        Assert.Equal("projects.geojson", saved.SuggestedFilename);
        Assert.Empty(Unexpected(errors));
    }
}
