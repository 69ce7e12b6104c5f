using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Footprints;

[Collection(ApiTests.Name)]
public sealed class StoredProjectCheckTests(ApiFixture api)
{
    [Fact]
    public async Task The_khanka_aquaculture_project_fails_on_the_lake_and_never_conflicts_with_itself()
    {
        var report = await api.Client.GetOkJsonAsync("/collections/projects/items/JX-22/footprint-check");
        var codes = report.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        var projectIds = report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("projects").EnumerateArray()
            .Select(p => p.GetProperty("id").GetString());

        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Contains("WATER_OVERLAP", codes);
        Assert.Equal("JX-22", report.GetProperty("parcels")[0].GetProperty("project_id").GetString());
        Assert.DoesNotContain("JX-22", projectIds);
    }

    [Fact]
    public async Task A_project_without_a_site_is_422_and_an_unknown_one_404()
    {
        var (programme, problem) = await api.Client.GetJsonAsync("/collections/projects/items/JX-12/footprint-check");
        var (unknown, _) = await api.Client.GetJsonAsync("/collections/projects/items/JX-77/footprint-check");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, programme.StatusCode);
        Assert.Contains("JX-12 has no geometry", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_batch_gives_every_stored_projects_verdict_the_same_as_checking_each_alone()
    {
        var batch = await api.Client.GetOkJsonAsync("/footprint-checks/projects");
        var projects = batch.GetProperty("projects").EnumerateArray().ToList();
        var located = await api.Database.IdsAsync("SELECT id FROM projects WHERE geom IS NOT NULL ORDER BY id");
        var unlocated = await api.Database.IdsAsync("SELECT id FROM projects WHERE geom IS NULL ORDER BY id");

        Assert.Equal(located, projects.Select(p => p.GetProperty("id").GetString()!).ToList());
        Assert.Equal(unlocated, batch.GetProperty("not_checked").EnumerateArray().Select(p => p.GetString()!).ToList());
        Assert.Equal(located.Count, batch.GetProperty("pass").GetInt32() + batch.GetProperty("warn").GetInt32() + batch.GetProperty("fail").GetInt32());
        foreach (var id in new[] { "JX-22", "JX-28", "SFH-1-1" })
        {
            var alone = await api.Client.GetOkJsonAsync($"/collections/projects/items/{id}/footprint-check");
            Assert.Equal(alone.GetProperty("verdict").GetString(), projects.Single(p => p.GetProperty("id").GetString() == id).GetProperty("verdict").GetString());
        }
    }

    [Fact]
    public async Task The_batch_exports_as_csv_for_the_plan_office()
    {
        using var response = await api.Client.GetAsync(new Uri("/footprint-checks/projects?f=csv", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("JX-22,兴凯湖大白鱼绿色生态养殖,fail", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
