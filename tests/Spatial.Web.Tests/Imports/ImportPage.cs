using System.Text.Json;
using Microsoft.Playwright;

namespace Spatial.Web.Tests.Imports;

/// <summary>What the import tests do in the 导入 dialog, and what they read behind its back from the API.</summary>
internal static class ImportPage
{
    /// <summary>Opens the dialog of the projects layer, chooses the file and starts; resolves once the report shows.</summary>
    public static async Task ImportAsync(IPage page, string file)
    {
        await page.ClickAsync("button[data-import='projects']");
        await page.SetInputFilesAsync("#import-file", file);
        await page.ClickAsync("#import-start");
        await page.WaitForSelectorAsync("#import-report", new() { Timeout = 60_000 });
    }

    public static async Task<int> CountShownAsync(IPage page, string action) =>
        int.Parse((await page.TextContentAsync($"#import-counts tr[data-action='{action}'] td"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The import resource as the API gives it to the key's holder, read by the test itself.</summary>
    public static async Task<JsonElement> ResourceAsync(string serverUrl, string key, long id)
    {
        using var client = new HttpClient { BaseAddress = new Uri(serverUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/imports/{id}");
        request.Headers.Add("X-API-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<byte[]> ReportCsvAsync(string serverUrl, string key, long id)
    {
        using var client = new HttpClient { BaseAddress = new Uri(serverUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/imports/{id}/report.csv");
        request.Headers.Add("X-API-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
