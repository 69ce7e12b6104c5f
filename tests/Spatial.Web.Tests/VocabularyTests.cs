using System.Globalization;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests;

/// <summary>
/// The map takes its layers, labels and choices from the service's vocabulary: a sector added to the
/// database shows with its own label, and its features draw in the fallback colour the legend shows for it.
/// </summary>
[Collection(WebTests.Name)]
public sealed class VocabularyTests(WebFixture web)
{
    // A sector the map has no colour for, a county south-west of the plan's, and one project of each sector inside it.
    private const string Rows = """
        INSERT INTO sectors (code, name_zh, name_en, industrial) VALUES ('bio_marine', '海洋生物', 'Marine bio-industry', true);
        INSERT INTO plans (code, name_zh, name_en, issued_by, source_file) VALUES ('jixi-2022', '测试规划', 'Test plan', 'test', 'test');
        INSERT INTO counties (code, name_zh, name_en, city_zh, city_en, seat, source_ref, geometry_source, geom)
        VALUES ('999999', '测试县', 'Test county', '测试市', 'Test city', ST_SetSRID(ST_MakePoint(129.5, 44.0), 4490), 'test', 'derived',
                ST_Multi(ST_MakeEnvelope(129.4, 43.9, 129.6, 44.1, 4490)));
        INSERT INTO projects (id, name_zh, name_en, sector, county_code, summary_zh, status, scope, plan, source_ref, geometry_source, geom)
        VALUES ('MAR-1', '海洋生物项目', 'Marine project', 'bio_marine', '999999', '测试', 'planned', 'site', 'jixi-2022', 'test: new sector',
                'surveyed', ST_Multi(ST_MakeEnvelope(129.49, 43.99, 129.50, 44.00, 4490))),
               ('NRG-1', '生物能源项目', 'Energy project', 'bio_energy', '999999', '测试', 'planned', 'site', 'jixi-2022', 'test: known sector',
                'surveyed', ST_Multi(ST_MakeEnvelope(129.51, 43.99, 129.52, 44.00, 4490)));
        """;

    /// <summary>"#333333" as the browser computes a CSS colour: "rgb(51, 51, 51)".</summary>
    private static string Rgb(string hex) => string.Create(CultureInfo.InvariantCulture,
        $"rgb({Convert.ToInt32(hex[1..3], 16)}, {Convert.ToInt32(hex[3..5], 16)}, {Convert.ToInt32(hex[5..7], 16)})");

    [Fact]
    public async Task A_sector_added_to_the_database_has_its_served_label_in_legend_choices_and_popup_and_draws_in_the_legends_fallback_colour()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await using (var command = database.DataSource.CreateCommand(Rows)) await command.ExecuteNonQueryAsync();
        await using var server = RealServer.Start(database.ConnectionString);

        var (page, errors) = await web.OpenAtAsync(server.Url + "/#z=13&lat=43.99500&lon=129.50500&layers=counties,projects");
        var marine = page.Locator("#legend [data-vocabulary='sectors'][data-code='bio_marine']");
        var legendZh = await marine.TextContentAsync();
        var swatch = await marine.Locator(".swatch").EvaluateAsync<string>("s => getComputedStyle(s).borderTopColor");
        var energySwatch = await page.Locator("#legend [data-vocabulary='sectors'][data-code='bio_energy'] .swatch")
            .EvaluateAsync<string>("s => getComputedStyle(s).borderTopColor");
        var stroke = await page.Locator("path.feature-projects-MAR-1").GetAttributeAsync("stroke");
        var energyStroke = await page.Locator("path.feature-projects-NRG-1").GetAttributeAsync("stroke");
        var choiceZh = await page.Locator("#sector option[value='bio_marine']").TextContentAsync();
        await page.Locator("path.feature-projects-MAR-1").ClickAsync();
        var popup = await page.Locator(".leaflet-popup-content .popup[data-feature='MAR-1']").TextContentAsync();
        await WebFixture.ScreenshotAsync(page, "new-sector");
        await page.ClickAsync("#lang");
        var legendEn = await marine.TextContentAsync();
        var choiceEn = await page.Locator("#sector option[value='bio_marine']").TextContentAsync();
        await page.ClickAsync("#lang");

        Assert.Equal("海洋生物", legendZh);
        Assert.Equal("Marine bio-industry", legendEn);
        Assert.Equal("海洋生物", choiceZh);
        Assert.Equal("Marine bio-industry", choiceEn);
        Assert.Contains("海洋生物", popup, StringComparison.Ordinal);
        Assert.Contains("实测", popup, StringComparison.Ordinal);
        Assert.NotNull(stroke);
        Assert.Equal(Rgb(stroke), swatch);
        Assert.Equal(Rgb(energyStroke!), energySwatch);
        Assert.NotEqual(swatch, energySwatch);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_layer_switches_are_the_services_layers_in_its_order_with_its_names()
    {
        var served = new List<(string, string)>();
        await using (var command = web.Database.DataSource.CreateCommand("SELECT code, name_zh FROM layers ORDER BY position"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) served.Add((reader.GetString(0), reader.GetString(1)));
        var (page, errors) = await web.OpenAsync();

        var switches = await page.Locator("#layer-list label").EvaluateAllAsync<string[][]>(
            "labels => labels.map(l => [l.querySelector('input').dataset.layer, l.textContent.trim()])");

        Assert.Equal(9, served.Count);
        Assert.Equal(served, switches.Select(s => (s[0], s[1])));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task When_the_vocabulary_cannot_be_read_the_page_says_so_plainly()
    {
        var (page, errors) = await web.NewPageAsync();
        await page.RouteAsync("**/vocabulary", route => route.FulfillAsync(new()
        {
            Status = 503, ContentType = "application/problem+json",
            Body = """{"title":"Database unavailable","status":503,"detail":"The database cannot be reached."}""",
        }));

        await page.GotoAsync(web.Server.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready='error']");
        var message = await page.TextContentAsync("#status [role=alert]");

        Assert.Contains("503 The database cannot be reached.", message, StringComparison.Ordinal);
        Assert.All(errors, error => Assert.True(
            error.StartsWith("Failed to load resource: the server responded with a status of 503", StringComparison.Ordinal)
            || error.Contains("The database cannot be reached.", StringComparison.Ordinal), error));
    }
}
