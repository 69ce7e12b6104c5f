using System.Globalization;
using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>
/// The footprint panel's print button (README, "Footprint checks"): it opens the service's printable report of the checked
/// file in the map's language, and that page printed to PDF by Chromium has the 界址点 table, the date and the map's labels
/// as text (read back by poppler's pdftotext), one parcel per page.
/// </summary>
[Collection(WebTests.Name)]
public sealed class FootprintPrintTests(WebFixture web)
{
    private static readonly byte[] Example = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    private async Task<(IPage Report, List<string> Errors)> PrintAsync(string path)
    {
        var (page, errors) = await web.OpenAsync(path);
        await page.ClickAsync("#tab-footprint");
        await FootprintDropTests.DropAsync(page, "鸡西物流园.txt", Example);
        // Subscribed on the context before the click, so errors while the report loads (a refused stylesheet) count too.
        void OnConsole(object? sender, IConsoleMessage message)
        {
            if (message.Type == "error" && message.Page != page) errors.Add(message.Text);
        }
        page.Context.Console += OnConsole;
        var report = await page.Context.RunAndWaitForPageAsync(() => page.ClickAsync("#print"));
        await report.WaitForLoadStateAsync(LoadState.Load);
        return (report, errors);
    }

    [Fact]
    public async Task The_worked_example_printed_to_pdf_has_the_point_table_the_date_and_the_maps_labels()
    {
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var (report, errors) = await PrintAsync("/");
        var pdf = Path.Combine(WebFixture.Artifacts, "footprint-report.pdf");
        await report.PdfAsync(new PagePdfOptions { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });
        await WebFixture.ScreenshotAsync(report, "footprint-report-page");
        var text = await DebianTool.RunAsync("pdftotext", "poppler-utils", "-enc", "UTF-8", pdf, "-");
        var pages = text.Split('\f', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Trim().Length > 0).ToList();

        Assert.Equal("zh-CN", await report.GetAttributeAsync("html", "lang"));
        Assert.Contains("用地核查报告", text, StringComparison.Ordinal);
        Assert.Contains("鸡西物流园.txt", text, StringComparison.Ordinal);
        Assert.True(text.Contains(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            || text.Contains(today.AddMinutes(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal), text);
        Assert.Contains("Asia/Shanghai", text, StringComparison.Ordinal);
        Assert.Contains("CGCS2000 / 3-degree Gauss-Kruger zone 44", text, StringComparison.Ordinal);
        Assert.Contains("JX2025-001-1", text, StringComparison.Ordinal);
        Assert.Contains("物流仓储用地", text, StringComparison.Ordinal);
        Assert.Contains("界址点坐标表", text, StringComparison.Ordinal);
        foreach (var cell in new[] { "5018412.356", "44418968.214", "5018331.640", "44419398.062", "80.13 亩" })
            Assert.Contains(cell, text, StringComparison.Ordinal);
        // The maps' labels are text in the PDF: point numbers, the north arrow, the scale bar.
        Assert.Contains("J10", text, StringComparison.Ordinal);
        Assert.Matches("N ?北", text); // pdftotext closes up the space before a CJK character
        Assert.Matches(@"\b(1|2|5)0* m\b", text);
        // A page for the header, then each parcel on pages of its own: parcel 2's page does not hold parcel 1's points.
        Assert.True(pages.Count >= 3, $"{pages.Count} page(s)");
        var second = Assert.Single(pages, p => p.Contains("5018125.318", StringComparison.Ordinal));
        Assert.DoesNotContain("5018412.356", second, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task On_the_english_map_the_print_button_opens_the_report_in_english()
    {
        var (report, errors) = await PrintAsync("/?lang=en");

        Assert.Equal("en", await report.GetAttributeAsync("html", "lang"));
        Assert.Contains("lang=en", report.Url, StringComparison.Ordinal);
        Assert.StartsWith("Footprint check report", await report.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(12, await report.Locator("#parcel-1 tr.point").CountAsync());
        Assert.Empty(errors);
    }
}
