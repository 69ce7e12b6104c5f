using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using static Spatial.Web.Tests.Editing.EditorPage;
using static Spatial.Web.Tests.Imports.ImportPage;

namespace Spatial.Web.Tests.Imports;

/// <summary>
/// The 导入 dialog against the real service: a dry run first (nothing written), then the same file for real
/// (rows in the database, shapes on the map); a file with one bad feature names it and writes nothing; the
/// progress of a 202 import; the report as CSV; markup in a file shown as text.
/// </summary>
[Collection(WebTests.Name)]
public sealed class ImportDialogTests(WebFixture web, ImportsWebFixture imports) : IClassFixture<ImportsWebFixture>
{
    private async Task<(IPage Page, List<string> Errors)> SignedInAtAsync(int row, int count)
    {
        var (page, errors) = await web.OpenAtAsync(imports.Server.Url + ImportFiles.ViewOf(row, count));
        await SignInAsync(page, imports.LandOfficerKey);
        return (page, errors);
    }

    [Fact]
    public async Task A_geojson_dry_run_shows_the_report_and_writes_nothing_then_import_for_real_puts_the_features_in_the_database_and_on_the_map()
    {
        var projects = ImportFiles.Row("WI-gj", 1, 3);
        var (page, errors) = await SignedInAtAsync(1, 3);
        // A land officer imports into the layers the role edits, and only there.
        Assert.Equal(1, await page.Locator("button[data-import='projects']").CountAsync());
        Assert.Equal(0, await page.Locator("button[data-import='planting-zones']").CountAsync());
        await page.ClickAsync("button[data-import='projects']");
        Assert.True(await page.IsCheckedAsync("#import-dry-run"));
        await page.SetInputFilesAsync("#import-file", ImportFiles.WriteGeoJson(projects));
        await page.ClickAsync("#import-start");
        await page.WaitForSelectorAsync("#import-report[data-dry-run='true']", new() { Timeout = 60_000 });

        Assert.Equal((3, 0, 3), (await CountShownAsync(page, "created"), await CountShownAsync(page, "rejected"), await CountShownAsync(page, "total")));
        Assert.Equal(0, await imports.CountAsync("WI-gj-"));
        Assert.True((await imports.LatestImportAsync()).DryRun);
        await WebFixture.ScreenshotAsync(page, "import-dry-run");

        await page.ClickAsync("#import-for-real");
        await page.WaitForSelectorAsync("#import-report[data-dry-run='false'][data-status='succeeded']", new() { Timeout = 60_000 });
        foreach (var project in projects)
            Assert.Equal(project.Name, await imports.Database.ScalarAsync<string>("SELECT name_zh FROM projects WHERE id = $1", project.Id));
        Assert.False((await imports.LatestImportAsync()).DryRun);
        await page.ClickAsync("#import-close");
        // The layer is reloaded past the browser's cache: the new features are drawn without a reload of the page.
        foreach (var project in projects)
            await page.WaitForSelectorAsync($"path.feature-projects-{project.Id}", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_zipped_shapefile_names_its_cut_field_unknown_and_imports_once_the_field_is_mapped()
    {
        var projects = ImportFiles.Row("WI-shp", 2, 2);
        var zip = await ImportFiles.WriteShapefileZipAsync(projects);
        var (page, errors) = await SignedInAtAsync(2, 2);
        await ImportAsync(page, zip);

        // Shapefile field names stop at 10 bytes: geometry_source arrived as geometry_s, which no property takes.
        Assert.Equal("rejected", await page.GetAttributeAsync("#import-report", "data-status"));
        Assert.Contains("geometry_s", await page.TextContentAsync("#import-unknown-fields"));
        Assert.Equal(2, await page.Locator("#import-features tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("#import-for-real").CountAsync());

        await page.FillAsync("#import-mapping", """{"geometry_s": "geometry_source"}""");
        await page.ClickAsync("#import-start");
        await page.WaitForSelectorAsync("#import-report[data-status='succeeded'][data-dry-run='true']", new() { Timeout = 60_000 });
        Assert.Equal(0, await imports.CountAsync("WI-shp-"));
        await page.ClickAsync("#import-for-real");
        await page.WaitForSelectorAsync("#import-report[data-status='succeeded'][data-dry-run='false']", new() { Timeout = 60_000 });

        Assert.Equal(2, await CountShownAsync(page, "created"));
        foreach (var project in projects)
        {
            Assert.Equal(project.Name, await imports.Database.ScalarAsync<string>("SELECT name_zh FROM projects WHERE id = $1", project.Id));
            Assert.Equal("surveyed", await imports.Database.ScalarAsync<string>("SELECT geometry_source FROM projects WHERE id = $1", project.Id));
        }
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_file_with_one_bad_feature_is_refused_whole_and_the_report_names_that_feature_its_reason_and_where()
    {
        var projects = ImportFiles.Row("WI-bad", 3, 4);
        projects[2] = ImportFiles.BowTie(projects[2]);
        var (page, errors) = await SignedInAtAsync(3, 4);
        await ImportAsync(page, ImportFiles.WriteGeoJson(projects));

        Assert.Equal("rejected", await page.GetAttributeAsync("#import-report", "data-status"));
        Assert.Equal((1, 4), (await CountShownAsync(page, "rejected"), await CountShownAsync(page, "total")));
        var row = page.Locator("#import-features tbody tr");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal("3", await row.GetAttributeAsync("data-index"));
        var text = (await row.TextContentAsync())!;
        Assert.Contains(projects[2].Id, text);
        Assert.Contains(projects[2].Name, text);
        // Every reason the service gives is shown in its words.
        var (id, _) = await imports.LatestImportAsync();
        var reported = (await ResourceAsync(imports.Server.Url, imports.LandOfficerKey, id)).GetProperty("features")[2].GetProperty("reasons");
        Assert.True(reported.GetArrayLength() > 0);
        foreach (var reason in reported.EnumerateArray())
        {
            Assert.Contains(reason.GetProperty("code").GetString()!, text);
            Assert.Contains(reason.GetProperty("message").GetString()!, text);
        }
        // The bow-tie crosses itself at the square's centre: that is where the report points.
        var at = System.Text.RegularExpressions.Regex.Match(text, @"\((\d+\.\d+), (\d+\.\d+)\)");
        Assert.True(at.Success, text);
        Assert.Equal(projects[2].Ring[0][0] + 0.001, double.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture), 6);
        Assert.Equal(projects[2].Ring[0][1] + 0.00075, double.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture), 6);
        Assert.Equal(0, await page.Locator("#import-for-real").CountAsync());
        Assert.Equal(0, await imports.CountAsync("WI-bad-"));
        await WebFixture.ScreenshotAsync(page, "import-rejected");

        // In English the same report, the service's reasons unchanged.
        await page.ClickAsync("#import-close");
        await page.ClickAsync("#lang");
        await page.ClickAsync("button[data-import='projects']");
        Assert.Equal("Not imported: some features were refused, so nothing was written.", await page.TextContentAsync("#import-verdict"));
        Assert.Equal("rejected", await page.TextContentAsync("#import-counts tr[data-action='rejected'] th"));
        Assert.Equal(text.Replace("拒绝", "rejected", StringComparison.Ordinal), await row.TextContentAsync());
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task An_import_answered_202_is_followed_at_its_location_until_the_progress_bar_is_full()
    {
        const int count = 40;
        var projects = ImportFiles.Row("WI-prog", 4, count);
        var (page, errors) = await SignedInAtAsync(4, count);
        var polls = new List<string>();
        page.Request += (_, request) => { if (request.Method == "GET" && request.Url.Contains("/imports/", StringComparison.Ordinal)) lock (polls) polls.Add(request.Url); };
        await page.ClickAsync("button[data-import='projects']");
        await page.SetInputFilesAsync("#import-file", ImportFiles.WriteGeoJson(projects));
        var posted = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.Contains("/collections/projects/imports", StringComparison.Ordinal));
        await page.ClickAsync("#import-start");
        var answer = await posted;
        await page.WaitForSelectorAsync("#import-report", new() { Timeout = 60_000 });

        Assert.Equal(202, answer.Status);
        var location = new Uri(answer.Headers["location"]).AbsolutePath;
        lock (polls) Assert.Contains(polls, url => new Uri(url).AbsolutePath == location);
        var bar = page.Locator("#import-progress");
        Assert.Equal("succeeded", await bar.GetAttributeAsync("data-status"));
        Assert.Equal(count, await bar.EvaluateAsync<double>("p => p.max"));
        Assert.Equal(count, await bar.EvaluateAsync<double>("p => p.value"));
        Assert.Equal($"{count} / {count} · 已完成", await page.TextContentAsync("#import-progress-text"));
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task The_report_downloads_as_the_services_csv_fetched_with_the_key_in_a_header_never_in_a_url()
    {
        var projects = ImportFiles.Row("WI-csv", 5, 3);
        projects[1] = projects[1] with { Sector = "no_such_sector" };
        var (page, errors) = await SignedInAtAsync(5, 3);
        var urls = new List<string>();
        page.Request += (_, request) => { lock (urls) urls.Add(request.Url); };
        await ImportAsync(page, ImportFiles.WriteGeoJson(projects));
        var download = page.WaitForDownloadAsync();
        await page.ClickAsync("#import-report-csv");
        var saved = await download;

        var (id, _) = await imports.LatestImportAsync();
        var expected = await ReportCsvAsync(imports.Server.Url, imports.LandOfficerKey, id);
        var bytes = await File.ReadAllBytesAsync((await saved.PathAsync())!);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(bytes));
        var lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 3, lines.Length);
        Assert.StartsWith("index,action,id", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("2,rejected,WI-csv-2,", StringComparison.Ordinal) && l.Contains("no_such_sector", StringComparison.Ordinal));
        Assert.Equal($"import-{id}-projects.csv", saved.SuggestedFilename);
        lock (urls) Assert.DoesNotContain(urls, url => url.Contains(imports.LandOfficerKey, StringComparison.Ordinal));
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task Markup_in_a_files_names_and_codes_is_shown_in_the_report_as_text_and_creates_no_element()
    {
        const string name = "<img src=x onerror=\"window.__pwned=1\">恶意名称";
        const string sector = "<b>bold</b>";
        var projects = ImportFiles.Row("WI-html", 6, 2);
        projects[0] = projects[0] with { Name = name, Sector = sector };
        var (page, errors) = await SignedInAtAsync(6, 2);
        await ImportAsync(page, ImportFiles.WriteGeoJson(projects));

        var row = page.Locator("#import-features tbody tr[data-index='1']");
        var text = (await row.TextContentAsync())!;
        Assert.Contains(name, text);
        Assert.Contains(sector, text);
        Assert.Equal(0, await page.Locator("#import-dialog img, #import-dialog b").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Empty(Unexpected(errors));
    }
}
