using System.Net;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Web.Tests.Editing.EditorPage;

namespace Spatial.Web.Tests.Editing;

/// <summary>
/// With Spatial:Auth:RequireKeyForReads, the county panel's CSV downloads work for a signed-in user: the file
/// is the one the API gives that key, under the API's file name, and the key never appears in a URL.
/// </summary>
[Collection(WebTests.Name)]
public sealed class SignedInDownloadTests(WebFixture web, EditingFixture editing) : IClassFixture<EditingFixture>
{
    [Theory]
    [InlineData("zones")]
    [InlineData("summary")]
    public async Task With_keys_required_for_reads_a_county_csv_downloads_as_the_api_serves_it_without_the_key_in_any_url(string table)
    {
        await using var server = RealServer.Start(editing.Database.ConnectionString,
            new Dictionary<string, string?> { ["Spatial:Auth:RequireKeyForReads"] = "true" });
        var url = $"/counties/{EditingFixture.CountyCode}/{table}?f=csv";
        var (anonymous, _, _) = await FetchAsync(server.Url, url, key: null);
        var (status, served, fileName) = await FetchAsync(server.Url, url, editing.LandOfficerKey);
        var (page, errors) = await web.NewPageAsync();
        var urls = new List<string>();
        page.Request += (_, request) => { lock (urls) urls.Add(request.Url); };
        await page.GotoAsync(server.Url + EditingFixture.ViewOf(8));
        await page.WaitForSelectorAsync("body[data-ready]", new() { Timeout = 30_000 });
        await SignInAsync(page, editing.LandOfficerKey);
        // Unsigned, the page fails to start (reads are refused): that is the setting; from here on nothing may fail.
        lock (errors) errors.Clear();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });

        await page.ClickAsync("#tab-county");
        await page.SelectOptionAsync("#county-select", EditingFixture.CountyCode);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"a[data-csv={table}]"));
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(fileName, download.SuggestedFilename);
        Assert.StartsWith($"{EditingFixture.CountyCode}-测试县", fileName, StringComparison.Ordinal);
        Assert.Equal(served, bytes);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains(urls, u => u.EndsWith(url, StringComparison.Ordinal));
        lock (urls) Assert.DoesNotContain(urls, u => u.Contains(editing.LandOfficerKey, StringComparison.Ordinal));
        Assert.Empty(Unexpected(errors));
    }

    /// <summary>What the API answers the URL, asked without the browser: status, bytes and the file name its Content-Disposition gives.</summary>
    private static async Task<(HttpStatusCode Status, byte[] Body, string? FileName)> FetchAsync(string serverUrl, string url, string? key)
    {
        using var client = new HttpClient { BaseAddress = new Uri(serverUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (key is not null) request.Headers.Add("X-API-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentDisposition?.FileNameStar);
    }
}
