using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Spatial.Geo;

namespace Spatial.Web.Tests;

/// <summary>
/// A file dropped on the footprint panel (README, "The map": "drop a TXT/GeoJSON/WKT file"): the page sends its bytes
/// as they are, and shows what the service answers for them — the same verdict, reasons and areas as a direct POST.
/// </summary>
[Collection(WebTests.Name)]
public sealed class FootprintDropTests(WebFixture web)
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt");

    /// <summary>A square on Lake Khanka, as a land officer's GeoJSON file.</summary>
    private const string OnTheLake = """
        {"type":"Feature","properties":{"name":"兴凯湖 test"},"geometry":{"type":"Polygon",
         "coordinates":[[[132.44,45.09],[132.46,45.09],[132.46,45.11],[132.44,45.11],[132.44,45.09]]]}}
        """;

    private static readonly Dictionary<string, string> VerdictsZh = new() { ["pass"] = "通过", ["warn"] = "注意", ["fail"] = "不通过" };

    [Fact]
    public async Task Dropping_a_gb18030_land_parcel_txt_shows_the_services_report_for_those_bytes()
    {
        var gb18030 = TextDecoding.Gb18030.GetBytes(await File.ReadAllTextAsync(Example));
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(gb18030));
        var truth = await CheckAsync(gb18030, "text/plain");
        Assert.Equal("GB18030", truth.GetProperty("encoding").GetString());

        var (page, errors) = await web.OpenAsync();
        await page.ClickAsync("#tab-footprint");
        await DropAsync(page, "地块.txt", gb18030);

        await AssertReportShowsAsync(page, truth);
        Assert.Equal(2, await page.Locator("path[stroke='#111']").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Dropping_a_geojson_file_on_the_lake_shows_the_services_failure_and_the_overlap_in_red()
    {
        var geoJson = Encoding.UTF8.GetBytes(OnTheLake);
        var truth = await CheckAsync(geoJson, "application/geo+json");
        Assert.Equal("fail", truth.GetProperty("verdict").GetString());

        var (page, errors) = await web.OpenAsync();
        await page.ClickAsync("#tab-footprint");
        await DropAsync(page, "footprint.geojson", geoJson);

        await AssertReportShowsAsync(page, truth);
        Assert.Contains("WATER_OVERLAP", await page.Locator("#reasons code").AllTextContentsAsync());
        Assert.True(await page.Locator("path[stroke='#cf1322']").CountAsync() > 0, "the overlap with the lake is drawn in red");
        // The overlaps come in CRS84 like the outline: the red part lies inside the parcel's outline on the screen.
        var outline = (await page.Locator("path[stroke='#111']").First.BoundingBoxAsync())!;
        var overlap = (await page.Locator("path[stroke='#cf1322']").First.BoundingBoxAsync())!;
        Assert.True(overlap.X >= outline.X - 2 && overlap.Y >= outline.Y - 2 && overlap.X + overlap.Width <= outline.X + outline.Width + 2
            && overlap.Y + overlap.Height <= outline.Y + outline.Height + 2 && overlap.Width > 5,
            $"overlap {overlap.X},{overlap.Y} {overlap.Width}×{overlap.Height} outside the outline {outline.X},{outline.Y} {outline.Width}×{outline.Height}");
        await WebFixture.ScreenshotAsync(page, "footprint-dropped-geojson");
        Assert.Empty(errors);
    }

    /// <summary>What a browser does when a file from the desktop is let go over the drop zone: dragenter, dragover, drop, with the file in a DataTransfer.</summary>
    internal static async Task DropAsync(IPage page, string fileName, byte[] content)
    {
        var transfer = await page.EvaluateHandleAsync("""
            ([name, base64]) => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
              return transfer;
            }
            """, new object[] { fileName, Convert.ToBase64String(content) });
        await page.DispatchEventAsync("#drop", "dragenter", new { dataTransfer = transfer });
        await page.DispatchEventAsync("#drop", "dragover", new { dataTransfer = transfer });
        Assert.Contains("over", await page.GetAttributeAsync("#drop", "class"), StringComparison.Ordinal);
        await page.DispatchEventAsync("#drop", "drop", new { dataTransfer = transfer });
        await page.WaitForSelectorAsync("#verdict");
    }

    private async Task<JsonElement> CheckAsync(byte[] body, string contentType)
    {
        using var client = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri(web.Server.Url + "/footprint-checks"), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
        var report = JsonDocument.Parse(text).RootElement.Clone();
        Assert.All(report.GetProperty("overlaps").GetProperty("features").EnumerateArray(),
            f => Assert.False(f.GetProperty("geometry").TryGetProperty("crs", out _), "an overlap geometry carries a legacy crs member"));
        return report;
    }

    /// <summary>The page's verdict, reason codes, parcel labels and areas (formatted as web/app/format.js does in zh-CN) are the service's.</summary>
    private static async Task AssertReportShowsAsync(IPage page, JsonElement truth)
    {
        var report = await page.Locator("#report").TextContentAsync() ?? "";
        string Number(JsonElement value, string digits) => value.GetDouble().ToString(digits, CultureInfo.InvariantCulture);

        Assert.Equal(VerdictsZh[truth.GetProperty("verdict").GetString()!], await page.TextContentAsync("#verdict"));
        Assert.Equal(truth.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToList(),
            await page.Locator("#reasons code").AllTextContentsAsync());
        foreach (var parcel in truth.GetProperty("parcels").EnumerateArray())
        {
            Assert.Contains(parcel.GetProperty("label").GetString()!, report, StringComparison.Ordinal);
            foreach (var area in new[] { parcel.GetProperty("plane_area"), parcel.GetProperty("ellipsoidal_area") })
            {
                Assert.Contains($"{Number(area.GetProperty("square_metres"), "N2")} m²", report, StringComparison.Ordinal);
                Assert.Contains($"{Number(area.GetProperty("hectares"), "N4")} 公顷 · {Number(area.GetProperty("mu"), "N2")} 亩", report, StringComparison.Ordinal);
            }
        }
    }
}
