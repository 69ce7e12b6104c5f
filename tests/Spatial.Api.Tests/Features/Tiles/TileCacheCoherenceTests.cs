using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spatial.Api.Http.Auth;
using Spatial.Api.Http.Caching;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;
using static Spatial.Api.Tests.Features.Tiles.TileCalls;

namespace Spatial.Api.Tests.Features.Tiles;

/// <summary>
/// Two API processes (two hosts, each with its own cache and listener) on one database of the class's own, with all of
/// gisdata/: writes go through one — over HTTP or as plain SQL, the way imports, restores and reverts reach the
/// tables — and tiles are read through the other.
/// </summary>
public sealed class TwoProcessesFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public SpatialApp Writer { get; private set; } = null!;
    public SpatialApp Reader { get; private set; } = null!;
    public HttpClient WriterClient { get; private set; } = null!;
    public HttpClient ReaderClient { get; private set; } = null!;
    public EditorKey Admin { get; private set; } = null!;

    public ResponseCache ReaderCache => Reader.Services.GetRequiredService<ResponseCache>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithGisdataAsync();
        var (id, key) = await ApiKeyStore.CreateAsync(Database.DataSource, "管理员 测试", Role.Admin, "tests", CancellationToken.None);
        Admin = new EditorKey(id, "管理员 测试", Role.Admin, key);
        Writer = new SpatialApp(Database.ConnectionString);
        Reader = new SpatialApp(Database.ConnectionString);
        WriterClient = await Writer.ReadyClientAsync();
        ReaderClient = await Reader.ReadyClientAsync();
        await ReaderCaughtUpAsync();
    }

    /// <summary>Waits until the reader's listener has applied every change of the projects layer the database has.</summary>
    public async Task ReaderCaughtUpAsync()
    {
        var version = await Database.ScalarAsync<long>("SELECT version FROM layer_versions WHERE layer = 'projects'");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (ReaderCache.AppliedVersion("projects") < version)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the reader's listener is at version {ReaderCache.AppliedVersion("projects")} of projects, the database at {version}");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        WriterClient.Dispose();
        ReaderClient.Dispose();
        await Writer.DisposeAsync();
        await Reader.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class TileCacheCoherenceTests(TwoProcessesFixture processes) : IClassFixture<TwoProcessesFixture>
{
    private const int Zoom = 13;

    private sealed record Placed(string Id, TileAddress Tile);

    /// <summary>Projects with an outline, each in the z13 tile of its middle: the test's own (each test takes other ones).</summary>
    private async Task<List<Placed>> ProjectsAsync() => await processes.Database.RowsAsync("""
        SELECT id, ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM projects WHERE geom IS NOT NULL ORDER BY id
        """, r => new Placed(r.GetString(0), TileAddress.Of(Zoom, r.GetDouble(1), r.GetDouble(2))));

    /// <summary>Two projects far apart (different counties' ends of the plan area), whose tiles share nothing.</summary>
    private async Task<(Placed Here, Placed Elsewhere)> FarApartAsync(int pick)
    {
        var projects = await ProjectsAsync();
        var here = projects[pick];
        var elsewhere = projects.OrderByDescending(p => Math.Abs(p.Tile.Row - here.Tile.Row) + Math.Abs(p.Tile.Column - here.Tile.Column)).First();
        return (here, elsewhere);
    }

    private async Task<TileAnswer> WarmAsync(TileAddress tile)
    {
        await processes.ReaderClient.TileAsync(CollectionTile("projects", tile));
        var again = await processes.ReaderClient.TileAsync(CollectionTile("projects", tile));
        Assert.Equal("hit", again.Cache);
        return again;
    }

    private Task<TileAnswer> ReadAsync(TileAddress tile) => processes.ReaderClient.TileAsync(CollectionTile("projects", tile));

    private Task<int> SqlAsync(string sql, string id) => processes.Database.ScalarAsync<int>(sql + " RETURNING 1", id);

    [Fact]
    public async Task A_write_through_one_process_is_in_the_very_next_tile_the_other_serves_and_in_every_one_after()
    {
        var (project, _) = await FarApartAsync(0);
        var before = await WarmAsync(project.Tile);
        var (_, etag) = await processes.WriterClient.ReadFeatureAsync("projects", project.Id);
        var name = $"改名 {Guid.NewGuid():N}";

        var written = await processes.WriterClient.UpdateAsync("projects", project.Id, processes.Admin, PatchOf("name_zh", name), etag);
        Assert.True(written.Code == 200, written.ToString());
        var reads = new List<TileAnswer>();
        for (var i = 0; i < 20; i++) reads.Add(await ReadAsync(project.Tile));

        Assert.All(reads, read => Assert.Equal(name, read.Feature("projects", project.Id)?.Attributes["name_zh"]));
        Assert.NotEqual(before.ETag, reads[0].ETag);
        Assert.Equal(HttpStatusCode.OK, (await processes.ReaderClient.TileAsync(CollectionTile("projects", project.Tile), ifNoneMatch: before.ETag)).Status);
    }

    [Fact]
    public async Task A_write_drops_the_CGCS2000Quad_tile_it_touches_keeps_one_elsewhere_and_its_old_etag_gets_the_new_tile()
    {
        var (project, elsewhere) = await FarApartAsync(4);
        var url = await GeographicTileOfAsync(project.Id);
        var elsewhereUrl = await GeographicTileOfAsync(elsewhere.Id);
        await processes.ReaderClient.TileAsync(url);
        await processes.ReaderClient.TileAsync(elsewhereUrl);
        var before = await processes.ReaderClient.TileAsync(url);
        var untouched = await processes.ReaderClient.TileAsync(elsewhereUrl);
        Assert.Equal(("hit", "hit"), (before.Cache, untouched.Cache));
        var (_, etag) = await processes.WriterClient.ReadFeatureAsync("projects", project.Id);
        var name = $"经纬度瓦片 {Guid.NewGuid():N}";

        var written = await processes.WriterClient.UpdateAsync("projects", project.Id, processes.Admin, PatchOf("name_zh", name), etag);
        Assert.True(written.Code == 200, written.ToString());
        // Once the reader has heard the change, only the areas it names are dropped: a wrong area would leave the old tile cached.
        await processes.ReaderCaughtUpAsync();
        var after = await processes.ReaderClient.TileAsync(url, ifNoneMatch: before.ETag);
        var stillCached = await processes.ReaderClient.TileAsync(elsewhereUrl);

        Assert.Equal((HttpStatusCode.OK, "miss"), (after.Status, after.Cache));
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal(name, after.Feature("projects", project.Id)?.Attributes["name_zh"]);
        Assert.Equal(("hit", untouched.ETag), (stillCached.Cache, stillCached.ETag));
    }

    private async Task<string> GeographicTileOfAsync(string projectId)
    {
        var (lon, lat) = await processes.Database.RowsAsync("SELECT ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM projects WHERE id = $1",
            r => (r.GetDouble(0), r.GetDouble(1)), projectId) is [var centre] ? centre : throw new Xunit.Sdk.XunitException(projectId);
        return CollectionTile("projects", GeographicTileAddress.Of(Zoom - 1, lon, lat));
    }

    [Fact]
    public async Task A_change_drops_only_the_tiles_it_touches_and_a_tile_elsewhere_stays_cached_through_it()
    {
        var (project, elsewhere) = await FarApartAsync(1);
        await WarmAsync(project.Tile);
        var untouched = await WarmAsync(elsewhere.Tile);
        var invalidated = processes.ReaderCache.Statistics.Invalidated;

        await SqlAsync("UPDATE projects SET name_zh = name_zh || '（更正）' WHERE id = $1", project.Id);
        await processes.ReaderCaughtUpAsync();
        var stillCached = await ReadAsync(elsewhere.Tile);
        var remade = await ReadAsync(project.Tile);

        Assert.Equal(("hit", untouched.ETag), (stillCached.Cache, stillCached.ETag));
        Assert.Equal("miss", remade.Cache);
        Assert.EndsWith("（更正）", (string)remade.Feature("projects", project.Id)!.Attributes["name_zh"], StringComparison.Ordinal);
        Assert.True(processes.ReaderCache.Statistics.Invalidated > invalidated);
    }

    [Fact]
    public async Task A_moved_outline_drops_the_tiles_of_its_old_place_and_of_its_new_one()
    {
        var (project, elsewhere) = await FarApartAsync(2);
        // Five tiles east at z13: 5 × 360° / 2^13.
        var shift = 5 * 360.0 / (1 << Zoom);
        var newPlace = project.Tile with { Column = project.Tile.Column + 5 };
        Assert.Contains((await WarmAsync(project.Tile)).Layers.SelectMany(l => l.Features), f => f.Id == project.Id);
        Assert.Null((await WarmAsync(newPlace)).Feature("projects", project.Id));
        await WarmAsync(elsewhere.Tile);

        await SqlAsync($"UPDATE projects SET geom = ST_Translate(geom, {shift.ToString(System.Globalization.CultureInfo.InvariantCulture)}, 0) WHERE id = $1", project.Id);
        await processes.ReaderCaughtUpAsync();
        var oldPlace = await ReadAsync(project.Tile);
        var arrived = await ReadAsync(newPlace);
        var untouched = await ReadAsync(elsewhere.Tile);

        Assert.Equal(("miss", "miss", "hit"), (oldPlace.Cache, arrived.Cache, untouched.Cache));
        Assert.Null(oldPlace.Feature("projects", project.Id));
        Assert.NotNull(arrived.Feature("projects", project.Id));
    }

    [Fact]
    public async Task A_process_whose_listener_lost_its_connection_serves_no_stale_tile_and_starts_afresh_when_it_is_back()
    {
        var (project, elsewhere) = await FarApartAsync(3);
        await WarmAsync(project.Tile);
        await WarmAsync(elsewhere.Tile);

        await processes.Database.ScalarAsync<long>("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE '%/changes'
            """);
        await SqlAsync("UPDATE projects SET name_zh = name_zh || '（断线时）' WHERE id = $1", project.Id);
        var whileAway = await ReadAsync(project.Tile);
        await processes.ReaderCaughtUpAsync();
        var afterRestart = await ReadAsync(elsewhere.Tile);

        Assert.EndsWith("（断线时）", (string)whileAway.Feature("projects", project.Id)!.Attributes["name_zh"], StringComparison.Ordinal);
        Assert.Equal("miss", afterRestart.Cache);
        Assert.Equal("hit", (await ReadAsync(elsewhere.Tile)).Cache);
    }
}
