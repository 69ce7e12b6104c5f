using Microsoft.Playwright;

namespace Spatial.Web.Tests;

/// <summary>
/// The map and the printable report work under the service's Content-Security-Policy. Every test of the
/// suite also fails on a violation: the fixture's watchdog reports each one as an error.
/// </summary>
[Collection(WebTests.Name)]
public sealed class ContentSecurityPolicyTests(WebFixture web)
{
    private static readonly byte[] BlankPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Theory]
    [InlineData("osm", "https://tile.openstreetmap.org/**")]
    [InlineData("tianditu", "https://*.tianditu.gov.cn/**")]
    [InlineData("gaode", "https://*.is.autonavi.com/**")]
    public async Task Each_basemap_loads_its_tiles_within_the_policy(string basemap, string tiles)
    {
        var (page, errors) = await web.OpenAsync("/#z=12&lat=45.30000&lon=130.97000&layers=counties");
        // No internet here: the tile hosts are answered with a blank image, once the policy let the request go.
        var requested = 0;
        await page.RouteAsync(tiles, route =>
        {
            Interlocked.Increment(ref requested);
            return route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = BlankPng });
        });

        // 天地图 asks for its key in a prompt, which Playwright dismisses: the tiles are asked for without one.
        await page.SelectOptionAsync("#basemap", basemap);
        await page.WaitForSelectorAsync("img.leaflet-tile-loaded");

        Assert.True(requested > 0, $"{requested} tiles requested from {tiles}");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_printable_report_applies_its_inline_stylesheet_allowed_by_its_hash()
    {
        var (page, errors) = await web.NewPageAsync();
        var response = await page.GotoAsync(web.Server.Url + "/collections/projects/items/JX-01/footprint-check?f=html");
        var margin = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).marginTop");
        await WebFixture.ScreenshotAsync(page, "printable-report");

        Assert.Contains("style-src 'self' 'sha256-", await response!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        Assert.Equal("29.3333px", margin); // 2em of the report's 11pt
        Assert.Contains("用地核查报告", await page.TextContentAsync("h1"), StringComparison.Ordinal);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        Assert.Empty(errors);
    }
}
