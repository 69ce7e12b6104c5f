using System.Text;
using Microsoft.Playwright;
using Npgsql;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests;

/// <summary>
/// Names from the database and values from the URL reach the page as text: markup in them is shown
/// literally and never becomes an element, so no script of theirs runs. The fixture's watchdog reports
/// every element with an inline handler and every CSP violation as an error.
/// </summary>
[Collection(WebTests.Name)]
public sealed class UntrustedTextTests(WebFixture web)
{
    private const string Title = "鸡西市、绥芬河市生物经济产业布局图";
    private const string NotFoundInConsole = "Failed to load resource: the server responded with a status of 404";

    private const string CountyZh = "<img src=x onerror=\"document.title='pwned'\">测试县";
    private const string CountyEn = "<svg onload=\"document.title='pwned'\">Test county";
    private const string SiteZh = "<img src=x onerror=document.title='pwned'>有选址项目";
    private const string SiteEn = "\"><svg onload=document.title='pwned'>Sited project";
    private const string NoSiteZh = "<details open ontoggle=document.title='pwned'>无选址项目";
    private const string SummaryZh = "<b onmouseover=document.title='pwned'>概要</b>";

    [Theory]
    [InlineData("<img src=x onerror=\"document.title='pwned'\">")]
    [InlineData("\"><svg onload=\"document.title='pwned'\">")]
    [InlineData("<details open ontoggle=\"document.title='pwned'\">x")]
    public async Task Markup_in_a_county_link_is_shown_as_text_and_runs_nothing(string markup)
    {
        var (page, errors) = await web.NewPageAsync();
        await page.GotoAsync(web.Server.Url + "/#county=" + markup);
        await page.WaitForSelectorAsync("body[data-ready]", new() { Timeout = 30_000 });
        var alert = await page.Locator("#status [role=alert]").TextContentAsync();

        // The API answers 404 naming the id; the page shows that answer, markup and all, as text.
        Assert.Contains(markup, alert, StringComparison.Ordinal);
        Assert.Equal(Title, await page.TitleAsync());
        Assert.Equal(0, await page.Locator("img, details, #status svg, .panel svg").CountAsync());
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        Assert.All(errors, error => Assert.StartsWith(NotFoundInConsole, error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Markup_in_stored_names_is_shown_as_text_in_lists_labels_popups_panels_and_reports()
    {
        // A database and server of this test's own: its county and projects never show in the other tests' maps.
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await InsertRowsAsync(database);
        await using var server = RealServer.Start(database.ConnectionString);

        var (page, errors) = await web.OpenAtAsync(server.Url + "/#z=11&lat=44.00000&lon=129.50000&layers=counties,projects");

        var listed = await page.Locator("#project-list option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        var unlocated = await page.Locator("#unlocated li", new() { HasText = "XSS-2" }).TextContentAsync();
        var countyOption = await page.Locator("#county-select option[value='999999']").TextContentAsync();
        var countyLabels = await page.Locator(".county-label").AllTextContentsAsync();

        await page.FillAsync("#search", "XSS-1");
        await page.Locator("#search").DispatchEventAsync("change");
        var sitePopup = await page.Locator(".leaflet-popup-content .popup[data-feature='XSS-1']").TextContentAsync();
        await page.ClickAsync("#unlocated button[data-project='XSS-2']");
        var noSitePopup = await page.Locator(".leaflet-popup-content .popup[data-feature='XSS-2']").TextContentAsync();

        await page.ClickAsync("#tab-county");
        await page.SelectOptionAsync("#county-select", "999999");
        await page.WaitForSelectorAsync("#county-result h3");
        var countyHeading = await page.Locator("#county-result h3").First.TextContentAsync();

        await page.ClickAsync("#tab-footprint");
        await page.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "over-the-site.geojson", MimeType = "application/geo+json",
            Buffer = Encoding.UTF8.GetBytes(Square(129.495, 43.995, 129.505, 44.005)),
        });
        await page.WaitForSelectorAsync("#verdict");
        var report = await page.Locator("#report").TextContentAsync();
        await WebFixture.ScreenshotAsync(page, "markup-as-text");

        await page.ClickAsync("#lang");
        var englishLabels = await page.Locator(".county-label").AllTextContentsAsync();
        await page.ClickAsync("#lang");

        Assert.Contains($"XSS-1 {SiteZh}", listed);
        Assert.Contains(NoSiteZh, unlocated, StringComparison.Ordinal);
        Assert.Equal(CountyZh, countyOption);
        Assert.Contains(CountyZh, countyLabels);
        Assert.Contains(SiteZh, sitePopup, StringComparison.Ordinal);
        Assert.Contains(SummaryZh, sitePopup, StringComparison.Ordinal);
        Assert.Contains(SiteEn, sitePopup, StringComparison.Ordinal);
        Assert.Contains(NoSiteZh, noSitePopup, StringComparison.Ordinal);
        Assert.StartsWith(CountyZh, countyHeading, StringComparison.Ordinal);
        Assert.Contains(SiteZh, report, StringComparison.Ordinal);
        Assert.Contains(CountyZh, report, StringComparison.Ordinal);
        Assert.Contains(CountyEn, englishLabels);
        Assert.Equal(Title, await page.TitleAsync());
        Assert.Equal(0, await page.Locator("img, details, b, .panel svg, .leaflet-popup svg, .leaflet-tooltip svg").CountAsync());
        Assert.Empty(errors);

        // The printable report, written by the server, escapes the names too.
        var (print, printErrors) = await web.NewPageAsync();
        await print.GotoAsync(server.Url + "/collections/projects/items/XSS-1/footprint-check?f=html");
        Assert.Contains(await print.Locator("h2").AllTextContentsAsync(), heading => heading.Contains("：" + SiteZh + " ", StringComparison.Ordinal));
        Assert.Contains(CountyZh, await print.Locator("body").TextContentAsync(), StringComparison.Ordinal);
        // The only SVG is the parcel's map the server draws; nothing the names carried became an element.
        Assert.Equal(0, await print.Locator("img, details, b, svg:not(.parcel-map), .parcel-map foreignObject, .parcel-map img").CountAsync());
        Assert.Equal("用地核查报告 · Footprint check report", await print.TitleAsync());
        Assert.Empty(printErrors);
    }

    // A county of our own south-west of the plan's counties, a project with a site inside it and one without.
    private static async Task InsertRowsAsync(TestDatabase database)
    {
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            "INSERT INTO plans (code, name_zh, name_en, issued_by, source_file) VALUES ('jixi-2022', '测试规划', 'Test plan', 'test', 'test')"));
        batch.BatchCommands.Add(Command("""
            INSERT INTO counties (code, name_zh, name_en, city_zh, city_en, seat, source_ref, geometry_source, geom)
            VALUES ('999999', $1, $2, '测试市', 'Test city', ST_SetSRID(ST_MakePoint(129.5, 44.0), 4490), 'test: untrusted text', 'indicative',
                    ST_Multi(ST_MakeEnvelope(129.4, 43.9, 129.6, 44.1, 4490)))
            """, CountyZh, CountyEn));
        batch.BatchCommands.Add(Command("""
            INSERT INTO projects (id, name_zh, name_en, sector, county_code, summary_zh, status, scope, plan, source_ref, geometry_source, geom)
            VALUES ('XSS-1', $1, $2, 'biomedicine', '999999', $3, 'planned', 'site', 'jixi-2022', 'test: untrusted text 1', 'indicative',
                    ST_Multi(ST_MakeEnvelope(129.49, 43.99, 129.51, 44.01, 4490))),
                   ('XSS-2', $4, 'Project without a site', 'bio_services', '999999', '无', 'proposed', 'programme', 'jixi-2022',
                    'test: untrusted text 2', NULL, NULL)
            """, SiteZh, SiteEn, SummaryZh, NoSiteZh));
        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params string[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private static string Square(double west, double south, double east, double north) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $$"""{"type":"Polygon","coordinates":[[[{{west}},{{south}}],[{{east}},{{south}}],[{{east}},{{north}}],[{{west}},{{north}}],[{{west}},{{south}}]]]}""");
}
