using System.Diagnostics;
using Npgsql;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Web.Tests.Tiles.TiledMap;

namespace Spatial.Web.Tests.Tiles;

/// <summary>
/// The overview map over 100 000 projects (bench/load/synthetic-projects.sql, its fixed seed) in a database of this
/// class's own: "smooth" asserted by structure — a bounded number of requests and DOM nodes, however many projects,
/// every project in view drawn from tiles, and no page of projects beyond the search list's one. Timings are in
/// bench/map-tiles.sh.
/// </summary>
[Collection(WebTests.Name)]
public sealed class HundredThousandProjectsTests(WebFixture web)
{
    private const int Projects = 100_000;

    [Fact]
    public async Task The_overview_map_of_100000_projects_draws_them_from_tiles_with_bounded_requests_and_nodes()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await LoadSyntheticProjectsAsync(database.ConnectionString, Projects);
        await using var server = RealServer.Start(database.ConnectionString);

        var (page, errors) = await web.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };
        await page.GotoAsync(server.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 60_000 });
        await TilesLoadedAsync(page);
        var nodes = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        var canvases = await page.Locator("canvas.vector-tile").CountAsync();
        var drawn = (await DrawnIdsAsync(page, "projects")).ToHashSet();
        var view = await page.EvaluateAsync<double[]>("() => { const b = spatialMap.map.getBounds().pad(-0.02); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        var inView = await database.ScalarAsync<string[]>(
            "SELECT coalesce(array_agg(id), '{}') FROM projects WHERE ST_CoveredBy(geom, ST_MakeEnvelope($1, $2, $3, $4, 4490))", view[0], view[1], view[2], view[3]);
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        await WebFixture.ScreenshotAsync(page, "tiles-100000-projects");

        // The tile layer asks for the tiles that cover the view, and one ring more (keepBuffer 1) at most, each with a
        // layer per collection.
        var tilesInView = (Math.Ceiling(map.Width / 256) + 3) * (Math.Ceiling(map.Height / 256) + 3);
        string[] all;
        lock (requested) all = [.. requested];
        var tileRequests = all.Count(url => url.Contains("/tiles/WebMercatorQuad/", StringComparison.Ordinal));
        var projectPages = all.Where(url => url.Contains("/collections/projects/items", StringComparison.Ordinal)).ToArray();

        Assert.True(inView.Length > Projects / 2, $"{inView.Length} projects in the view");
        // What the page drew is exactly what the service's tiles hold, and that is nearly every project in the view: only
        // outlines smaller than a zoom-8 tile's grid (≈ 27 m; 4 of the 100 000, each under 0.36 ha) are in no tile.
        var inTiles = new HashSet<string>();
        using (var client = new HttpClient())
        {
            foreach (var url in all.Where(u => u.Contains("/tiles/WebMercatorQuad/", StringComparison.Ordinal)).Distinct())
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    foreach (var layer in MvtTile.Decode(await response.Content.ReadAsByteArrayAsync()).Where(l => l.Name == "projects"))
                        inTiles.UnionWith(layer.Features.Select(f => f.Id));
                }
            }
        }
        Assert.True(drawn.SetEquals(inTiles), $"{drawn.Count} projects drawn, {inTiles.Count} in the tiles");
        var missing = inView.Count(id => !drawn.Contains(id));
        Assert.True(missing * 1000 < inView.Length, $"{missing} of the {inView.Length} projects in the view are in no tile");
        Assert.True(tileRequests <= tilesInView, $"{tileRequests} tile requests, at most {tilesInView}");
        Assert.True(all.Length <= tilesInView + 80, $"{all.Length} requests");
        var searchList = Assert.Single(projectPages);
        Assert.DoesNotContain("cursor=", searchList, StringComparison.Ordinal);
        Assert.Contains("limit=1000", searchList, StringComparison.Ordinal);
        // One canvas per tile, every layer painted on it.
        Assert.True(canvases <= tilesInView, $"{canvases} tile canvases, at most {tilesInView}");
        Assert.True(nodes < 3000, $"{nodes} elements in the page");
        Assert.Empty(errors);
    }

    /// <summary>Runs the benchmarks' generator with psql, as bench/compare does (ids SYN-0000001 …, seed 0.01).</summary>
    private static async Task LoadSyntheticProjectsAsync(string connectionString, int count)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var script = Path.GetFullPath(Path.Combine(GisdataDirectory(), "..", "bench", "load", "synthetic-projects.sql"));
        var start = new ProcessStartInfo(Path.Combine(Machine.PgBin, "psql"))
        {
            ArgumentList = { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "first=1", "-v", $"last={count}", "-v", "seed=0.01", "-f", script },
            RedirectStandardError = true, RedirectStandardOutput = true,
            Environment = { ["PGHOST"] = builder.Host, ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["PGUSER"] = builder.Username, ["PGPASSWORD"] = builder.Password, ["PGDATABASE"] = builder.Database },
        };
        using var psql = Process.Start(start)!;
        var output = psql.StandardOutput.ReadToEndAsync();
        var error = await psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        await output;
        Assert.True(psql.ExitCode == 0, $"psql {script}: {error}");
    }

    private static string GisdataDirectory() => Spatial.Cli.Gisdata.GisdataDirectory.Resolve(null);
}
