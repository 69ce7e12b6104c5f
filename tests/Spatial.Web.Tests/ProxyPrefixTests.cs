using Spatial.Api.Tests.Deploy;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests;

/// <summary>
/// The map in Chromium through Debian's nginx with deploy/nginx/spatial.conf (TLS, the /spatial/ prefix) in
/// front of an API process that trusts it: the page starts, draws its layers, and asks only for URLs under the prefix.
/// </summary>
[Collection(WebTests.Name)]
public sealed class ProxyPrefixTests(WebFixture web)
{
    [Fact]
    public async Task Under_the_spatial_prefix_the_map_draws_its_layers_and_every_request_stays_under_the_prefix()
    {
        await using var server = RealServer.Start(web.Database.ConnectionString, NginxFixture.ProxySettings);
        var port = new Uri(server.Url).Port;
        await using var nginx = await NginxSite.StartAsync(port, port);
        var prefix = $"https://127.0.0.1:{nginx.HttpsPort}/spatial/";
        var (page, errors) = await web.NewPageAsync(ignoreHttpsErrors: true);
        var requested = new List<string>();
        page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };

        await page.GotoAsync(prefix + "#z=9&lat=45.50000&lon=132.00000&layers=counties,projects");
        await page.WaitForSelectorAsync("body[data-ready]", new() { Timeout = 30_000 });
        // At zoom 9 the projects are drawn from vector tiles (the map's test hook lists what a tile layer drew).
        await page.WaitForFunctionAsync("() => spatialMap.layers.tiles.drawnFeatures('projects').some((f) => f.id === 'JX-01')",
            null, new() { Timeout = 30_000 });
        await WebFixture.ScreenshotAsync(page, "map-under-prefix");

        Assert.Equal("true", await page.GetAttributeAsync("body", "data-ready"));
        Assert.True((await Tiles.TiledMap.DrawnIdsAsync(page, "counties")).Length > 0);
        lock (requested)
        {
            Assert.Contains(prefix + "app/main.js", requested);
            Assert.Contains(requested, url => url.StartsWith(prefix + "tiles/WebMercatorQuad/9/", StringComparison.Ordinal) && url.Contains("collections=counties,projects", StringComparison.Ordinal));
            Assert.Contains(requested, url => url.StartsWith(prefix + "collections/counties/items?", StringComparison.Ordinal));
            Assert.All(requested.Where(url => !url.StartsWith("data:", StringComparison.Ordinal)),
                url => Assert.StartsWith(prefix, url, StringComparison.Ordinal));
        }
        Assert.Empty(errors);
    }
}
