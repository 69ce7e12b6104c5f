using System.Globalization;
using Microsoft.Playwright;
using Spatial.Api.Tests.Features.Imports.Coordinates;
using static Spatial.Web.Tests.Editing.EditorPage;
using static Spatial.Web.Tests.Imports.ImportPage;

namespace Spatial.Web.Tests.Imports;

/// <summary>
/// A 西安1980 Gauss–Krüger Shapefile through the 导入 dialog: the service refuses it for want of datum parameters, the
/// dialog then shows their fields (zh-CN, or English), and with seven parameters typed there the file lands where PROJ's
/// <c>+towgs84</c> puts it.
/// </summary>
[Collection(WebTests.Name)]
public sealed class LegacyDatumDialogTests(WebFixture web, ImportsWebFixture imports) : IClassFixture<ImportsWebFixture>
{
    private const string Seven = "23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2";
    private const string Cgcs2000 = "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs";
    private const string XianZone44 = "+proj=tmerc +lat_0=0 +lon_0=132 +k=1 +x_0=44500000 +y_0=0 +ellps=IAU76 +towgs84=" + Seven + " +units=m +no_defs";

    [Fact]
    public async Task A_xian_1980_file_refused_for_want_of_parameters_shows_their_fields_and_with_seven_typed_there_lands_within_a_centimetre()
    {
        const int row = 7;
        var projects = ImportFiles.Row("WI-xian", row, 2);
        // The file's rings: each CGCS2000 vertex taken back to 西安1980 zone 44 through the same seven parameters by cs2cs.
        var inXian = new List<FileProject>();
        foreach (var project in projects)
        {
            var plane = await PlanRuns.Cs2csAsync(Cgcs2000, XianZone44, project.Ring.Select(c => (c[0], c[1])).ToArray());
            inXian.Add(project with { Ring = plane.Select(p => new[] { Math.Round(p.A, 3), Math.Round(p.B, 3) }).ToArray() });
        }
        var zip = await ImportFiles.WriteShapefileZipAsync(inXian, "EPSG:2368");
        var (page, errors) = await web.OpenAtAsync(imports.Server.Url + ImportFiles.ViewOf(row, 2));
        await SignInAsync(page, imports.LandOfficerKey);
        await page.ClickAsync("button[data-import='projects']");

        // The fields are for legacy datums: a legacy CRS chosen shows them, CGCS2000 does not.
        Assert.Equal(0, await page.Locator("#import-datum").CountAsync());
        await page.SelectOptionAsync("#import-crs", "2368");
        Assert.Equal("false", await page.GetAttributeAsync("#import-datum", "data-needed"));
        await page.SelectOptionAsync("#import-crs", "");
        Assert.Equal(0, await page.Locator("#import-datum").CountAsync());

        await page.SetInputFilesAsync("#import-file", zip);
        await page.FillAsync("#import-mapping", """{"geometry_s": "geometry_source"}""");
        await page.ClickAsync("#import-start");
        await page.WaitForSelectorAsync("#import-report[data-status='failed']", new() { Timeout = 60_000 });

        // The file's .prj said 西安1980: the service named the parameters, and the dialog asks for them.
        Assert.Contains("seven_parameters", await page.TextContentAsync("#import-failure"));
        Assert.Equal("true", await page.GetAttributeAsync("#import-datum", "data-needed"));
        Assert.Equal("旧坐标系转换参数（西安1980 / 北京1954 → CGCS2000）", await page.TextContentAsync("#import-datum legend"));
        Assert.Contains("七参数", await page.TextContentAsync("#import-datum-needed"));
        await WebFixture.ScreenshotAsync(page, "import-legacy-datum-needed");
        Assert.Equal(0, await imports.CountAsync("WI-xian-"));

        await page.FillAsync("#import-seven-parameters", Seven);
        await page.SelectOptionAsync("#import-rotation-convention", "position_vector");
        await page.ClickAsync("#import-start");
        await page.WaitForSelectorAsync("#import-report[data-status='succeeded'][data-dry-run='true']", new() { Timeout = 60_000 });
        await page.ClickAsync("#import-for-real");
        await page.WaitForSelectorAsync("#import-report[data-status='succeeded'][data-dry-run='false']", new() { Timeout = 60_000 });

        var (id, _) = await imports.LatestImportAsync();
        var crs = (await ResourceAsync(imports.Server.Url, imports.LandOfficerKey, id)).GetProperty("crs");
        Assert.Equal(("EPSG:2368", "seven_parameters"), (crs.GetProperty("source_crs").GetString(), crs.GetProperty("transformation").GetString()));
        Assert.Equal(("position_vector", Seven), (crs.GetProperty("seven_parameters").GetProperty("rotation_convention").GetString(),
            crs.GetProperty("seven_parameters").GetProperty("as_given").GetString()));
        foreach (var project in projects)
        {
            var wkt = "POLYGON((" + string.Join(",", project.Ring.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c[0]:R} {c[1]:R}"))) + "))";
            var distance = await imports.Database.ScalarAsync<double>(
                "SELECT ST_HausdorffDistance(ST_Transform(geom, 4532), ST_Transform(ST_GeomFromText($2, 4490), 4532)) FROM projects WHERE id = $1", project.Id, wkt);
            Assert.True(distance < 0.01, $"{project.Id}: {distance:0.0000} m from where the CGCS2000 square was");
        }

        // In English the same fields, the parameters typed kept.
        await page.ClickAsync("#import-close");
        await page.ClickAsync("#lang");
        await page.ClickAsync("button[data-import='projects']");
        Assert.Equal("Legacy datum parameters (Xian 1980 / Beijing 1954 → CGCS2000)", await page.TextContentAsync("#import-datum legend"));
        Assert.Equal(Seven, await page.InputValueAsync("#import-seven-parameters"));
        Assert.Empty(Unexpected(errors));
    }
}
