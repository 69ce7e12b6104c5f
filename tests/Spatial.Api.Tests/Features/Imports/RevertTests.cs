using System.Text;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>POST /imports/{id}/revert: the exact state before the import comes back, as one changeset; never over a later change.</summary>
public sealed class RevertTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private EditorKey Officer => fixture.Keys[Role.LandOfficer];
    private EditorKey Admin => fixture.Keys[Role.Admin];

    /// <summary>Every stored row of the ids: exact geometry (EWKB) and the attributes a revert gives back.</summary>
    private Task<List<string>> StateAsync(params string[] ids) => fixture.Database.RowsAsync("""
        SELECT t.id || ' ' || encode(ST_AsEWKB(t.geom), 'hex') || ' ' || ((to_jsonb(t) - 'geom' - 'geom_wm' - 'version' - 'updated_at')::text)
        FROM projects t WHERE t.id = ANY($1) ORDER BY t.id
        """, r => r.GetString(0), (object)ids);

    private async Task<(string ImportId, List<string> Before)> ImportOverTwoCopiesAsync(string tag)
    {
        await fixture.Database.CopyAsync("projects", $"{tag}-1");
        await fixture.Database.CopyAsync("projects", $"{tag}-2");
        var before = await StateAsync($"{tag}-1", $"{tag}-2", $"{tag}-3");
        var projects = ImportFiles.Projects(tag, 3);
        var answer = await fixture.Client.ImportAsync("projects", Officer, Encoding.UTF8.GetBytes(ImportFiles.GeoJson(projects)), "application/geo+json", "");
        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal((1, 2), (answer.Count("created"), answer.Count("updated")));
        Assert.NotEqual(before, await StateAsync($"{tag}-1", $"{tag}-2", $"{tag}-3"));
        return (answer.Id(), before);
    }

    [Fact]
    public async Task A_revert_restores_the_exact_previous_state_byte_for_byte_and_records_one_changeset()
    {
        var (importId, before) = await ImportOverTwoCopiesAsync("rv-ok");

        var answer = await fixture.Client.RevertAsync(importId, Admin);

        Assert.True(answer.Code == 200, answer.ToString());
        Assert.Equal("reverted", answer.Status());
        Assert.Equal(before, await StateAsync("rv-ok-1", "rv-ok-2", "rv-ok-3"));
        Assert.Equal(["create", "import", "revert"], (await fixture.Database.HistoryAsync("projects", "rv-ok-1")).Select(h => h.Operation));
        Assert.Equal(["import", "delete"], (await fixture.Database.HistoryAsync("projects", "rv-ok-3")).Select(h => h.Operation));
        Assert.Equal("撤销", (await fixture.Database.HistoryAsync("projects", "rv-ok-3"))[^1].Reason);
        Assert.Equal(3L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM feature_history WHERE import_id = $1 AND operation IN ('revert', 'delete')", long.Parse(importId, System.Globalization.CultureInfo.InvariantCulture)));

        AssertProblem(await fixture.Client.RevertAsync(importId, Admin), 409);
    }

    [Fact]
    public async Task A_revert_after_a_feature_changed_since_the_import_is_409_naming_it_and_undoes_nothing()
    {
        var (importId, _) = await ImportOverTwoCopiesAsync("rv-late");
        var (_, etag) = await fixture.Client.ReadFeatureAsync("projects", "rv-late-2");
        Assert.Equal(200, (await fixture.Client.UpdateAsync("projects", "rv-late-2", Officer, PatchOf("summary_zh", "导入之后的修改"), etag)).Code);
        var after = await StateAsync("rv-late-1", "rv-late-2", "rv-late-3");

        var answer = await fixture.Client.RevertAsync(importId, Admin);

        AssertProblem(answer, 409);
        var changed = Assert.Single(answer.Json.GetProperty("changed").EnumerateArray());
        Assert.Equal("rv-late-2", changed.GetProperty("id").GetString());
        Assert.Equal(changed.GetProperty("imported_version").GetInt32() + 1, changed.GetProperty("current_version").GetInt32());
        Assert.Contains("rv-late-2", answer.Detail);
        Assert.Equal(after, await StateAsync("rv-late-1", "rv-late-2", "rv-late-3"));
        Assert.Equal("succeeded", (await fixture.Client.GetAsync($"/imports/{importId}", Officer)).Status());
    }

    [Fact]
    public async Task Only_an_administrator_reverts_and_only_with_a_reason()
    {
        var (importId, _) = await ImportOverTwoCopiesAsync("rv-who");

        AssertProblem(await fixture.Client.RevertAsync(importId, null), 401);
        AssertProblem(await fixture.Client.RevertAsync(importId, Officer), 403);
        var noReason = await fixture.Client.RevertAsync(importId, Admin, reason: null);
        AssertProblem(noReason, 400);
        Assert.Equal("X-Change-Reason", noReason.Json.GetProperty("parameter").GetString());
        AssertProblem(await fixture.Client.RevertAsync("999999", Admin), 404);
    }
}
