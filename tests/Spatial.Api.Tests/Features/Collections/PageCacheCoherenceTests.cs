using System.Globalization;
using System.Net;
using Spatial.Api.Tests.Features.Tiles;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Collections.PageCalls;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// Pages and features kept by one API process while another writes (<see cref="TwoProcessesFixture"/>: two hosts, each with
/// its own cache and listener, on one database of the class's own): no read after a 2xx write is stale, and a write drops
/// only what it touches.
/// </summary>
public sealed class PageCacheCoherenceTests(TwoProcessesFixture processes) : IClassFixture<TwoProcessesFixture>
{
    private sealed record Project(string Id, string County, double Longitude, double Latitude)
    {
        public string Around => BboxPage("projects", Longitude, Latitude);
    }

    /// <summary>Projects with an outline and a point inside it, by id; each test takes other ones.</summary>
    private Task<List<Project>> ProjectsAsync() => processes.Database.RowsAsync("""
        SELECT id, county_code, ST_X(p), ST_Y(p) FROM (SELECT id, county_code, ST_PointOnSurface(geom) AS p FROM projects WHERE geom IS NOT NULL) s
        ORDER BY id COLLATE "C"
        """, r => new Project(r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3)));

    private async Task<(Project Here, Project Elsewhere)> FarApartAsync(int pick)
    {
        var projects = await ProjectsAsync();
        var here = projects[pick];
        return (here, projects.OrderByDescending(p => Math.Abs(p.Longitude - here.Longitude) + Math.Abs(p.Latitude - here.Latitude)).First());
    }

    private Task<PageAnswer> ReadAsync(string url, string? ifNoneMatch = null) => processes.ReaderClient.PageAsync(url, ifNoneMatch);

    /// <summary>Read twice through the reader: the second read comes from its cache.</summary>
    private async Task<PageAnswer> WarmAsync(string url)
    {
        var first = await ReadAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var again = await ReadAsync(url);
        Assert.Equal(("hit", first.ETag), (again.Cache, again.ETag));
        return again;
    }

    private Task<int> SqlAsync(string sql, params object[] parameters) => processes.Database.ScalarAsync<int>(sql + " RETURNING 1", parameters);

    [Fact]
    public async Task A_write_through_one_process_is_in_the_other_ones_very_next_bbox_page_feature_filtered_page_and_cursor_page()
    {
        var projects = await ProjectsAsync();
        var project = projects[4];
        var everyId = await processes.Database.RowsAsync("SELECT id FROM projects ORDER BY id COLLATE \"C\"", r => r.GetString(0));
        var firstPage = await ReadAsync($"/collections/projects/items?limit={everyId.IndexOf(project.Id)}");
        string[] urls = [project.Around, Item("projects", project.Id), $"/collections/projects/items?county_code={project.County}&limit=100", firstPage.Next!];
        var before = new List<PageAnswer>();
        foreach (var url in urls) before.Add(await WarmAsync(url));
        Assert.All(before, page => Assert.Contains(project.Id, page.Ids));
        Assert.Equal(project.Id, before[3].Ids[0]);

        var (_, etag) = await processes.WriterClient.ReadFeatureAsync("projects", project.Id);
        var name = $"改名 {Guid.NewGuid():N}";
        var written = await processes.WriterClient.UpdateAsync("projects", project.Id, processes.Admin, PatchOf("name_zh", name), etag);
        Assert.True(written.Code == 200, written.ToString());
        var after = new List<PageAnswer>();
        foreach (var url in urls) after.Add(await ReadAsync(url));

        Assert.All(after, page => Assert.Equal(name, page.Property(project.Id, "name_zh")));
        Assert.All(after.Zip(before), p => Assert.NotEqual(p.Second.ETag, p.First.ETag));
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(urls[0], ifNoneMatch: before[0].ETag)).Status);
    }

    [Fact]
    public async Task A_change_keeps_the_bbox_page_of_a_far_project_and_drops_the_pages_it_touches()
    {
        var (project, elsewhere) = await FarApartAsync(1);
        var untouched = await WarmAsync(elsewhere.Around);
        await WarmAsync(project.Around);
        await WarmAsync("/collections/projects/items?limit=100");
        await WarmAsync(Item("projects", elsewhere.Id));

        await SqlAsync("UPDATE projects SET name_zh = name_zh || '（更正）' WHERE id = $1", project.Id);
        await processes.ReaderCaughtUpAsync();
        var stillKept = await ReadAsync(elsewhere.Around);
        var touched = await ReadAsync(project.Around);
        var wholeLayer = await ReadAsync("/collections/projects/items?limit=100");
        var feature = await ReadAsync(Item("projects", elsewhere.Id));

        Assert.Equal(("hit", untouched.ETag), (stillKept.Cache, stillKept.ETag));
        Assert.Equal(untouched.Bytes, stillKept.Bytes);
        Assert.Equal("miss", touched.Cache);
        Assert.EndsWith("（更正）", touched.Property(project.Id, "name_zh"), StringComparison.Ordinal);
        // A page without bbox, and a single feature, depend on the whole layer.
        Assert.Equal(("miss", "miss"), (wholeLayer.Cache, feature.Cache));
        Assert.EndsWith("（更正）", wholeLayer.Property(project.Id, "name_zh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moved_outline_drops_the_bbox_pages_of_its_old_place_and_of_its_new_one()
    {
        var (project, elsewhere) = await FarApartAsync(2);
        const double shift = 0.05;
        var newPlace = BboxPage("projects", project.Longitude + shift, project.Latitude);
        Assert.Contains(project.Id, (await WarmAsync(project.Around)).Ids);
        Assert.DoesNotContain(project.Id, (await WarmAsync(newPlace)).Ids);
        await WarmAsync(elsewhere.Around);

        await SqlAsync($"UPDATE projects SET geom = ST_Translate(geom, {shift.ToString(CultureInfo.InvariantCulture)}, 0) WHERE id = $1", project.Id);
        await processes.ReaderCaughtUpAsync();
        var oldPlace = await ReadAsync(project.Around);
        var arrived = await ReadAsync(newPlace);
        var untouched = await ReadAsync(elsewhere.Around);

        Assert.Equal(("miss", "miss", "hit"), (oldPlace.Cache, arrived.Cache, untouched.Cache));
        Assert.DoesNotContain(project.Id, oldPlace.Ids);
        Assert.Contains(project.Id, arrived.Ids);
    }

    [Fact]
    public async Task A_renamed_county_is_on_the_next_page_of_projects_that_names_it()
    {
        var project = (await ProjectsAsync())[3];
        var before = await WarmAsync(project.Around);

        await SqlAsync("UPDATE counties SET name_zh = name_zh || '（新名）' WHERE code = $1", project.County);
        var after = await ReadAsync(project.Around);

        Assert.Equal("miss", after.Cache);
        Assert.Equal(before.Property(project.Id, "county_name_zh") + "（新名）", after.Property(project.Id, "county_name_zh"));
    }

    [Fact]
    public async Task One_page_is_the_same_bytes_under_the_same_strong_etag_in_both_processes_so_either_answers_the_other_ones_304()
    {
        var project = (await ProjectsAsync())[5];
        var url = BboxPage("projects", project.Longitude, project.Latitude, half: 0.05, limit: 7);

        var fromReader = await ReadAsync(url);
        var fromWriter = await processes.WriterClient.PageAsync(url);
        var revalidated = await processes.WriterClient.PageAsync(url, ifNoneMatch: fromReader.ETag);

        Assert.False(fromReader.ETag!.StartsWith("W/", StringComparison.Ordinal));
        Assert.Equal(fromReader.ETag, fromWriter.ETag);
        Assert.Equal(fromReader.Bytes, fromWriter.Bytes);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
        Assert.Equal("no-cache", fromReader.CacheControl);
    }
}
