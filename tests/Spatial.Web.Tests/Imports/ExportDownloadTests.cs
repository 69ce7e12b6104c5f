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
}
