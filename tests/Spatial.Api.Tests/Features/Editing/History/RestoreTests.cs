using System.Net;
using System.Net.Http.Headers;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing.History;

/// <summary>
/// A restore gives back the image a version recorded, bit for bit: the geometry's WKB and every attribute as
/// feature_history holds them (PostGIS compares), after later edits and after a deletion. A database of its own:
/// the tests edit, delete and restore gisdata rows.
/// </summary>
public sealed class RestoreTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>The attributes of the row and of a version's after-image, minus what every write stamps anew.</summary>
    private static string ImagesSql(string table) => $"""
        SELECT (to_jsonb(t) - 'geom' - 'geom_wm' - 'version' - 'updated_at')::text, ST_AsBinary(t.geom),
               (h.after_attributes - 'version' - 'updated_at')::text, ST_AsBinary(h.after_geom)
        FROM feature_history h LEFT JOIN {table} t ON t.id = h.feature_id
        WHERE h.layer = '{table}' AND h.feature_id = $1 AND h.version = $2
        """;

    [Fact]
    public async Task A_restore_after_several_edits_gives_back_that_versions_geometry_byte_for_byte_and_every_attribute()
    {
        var planner = await EditorClient.CreateAsync(api, "规划 李娜", Role.Planner);
        var admin = await EditorClient.CreateAsync(api, "管理员 赵强", Role.Admin);
        var id = await api.Database.ScalarAsync<string>("SELECT id FROM planting_zones ORDER BY id LIMIT 1");
        var item = $"/collections/planting-zones/items/{id}";
        await planner.PatchAsync(item, $$"""{"properties":{"name_zh":"测试种植区（第二版）"},"geometry":{{await ShrunkAsync(id, 0.9)}}}""", "测绘更正");
        await planner.PatchAsync(item, $$"""{"properties":{"operator_zh":"测试合作社"},"geometry":{{await ShrunkAsync(id, 0.8)}}}""");
        await planner.PatchAsync(item, """{"properties":{"name_en":"Test zone, fourth version"}}""");

        using var restored = await admin.SendAsync(HttpMethod.Post, $"{item}/history/2/restore", reason: "恢复第二版（误改）");
        var images = await api.Database.RowsAsync(ImagesSql("planting_zones"),
            r => (Row: r.GetString(0), RowWkb: r.GetFieldValue<byte[]>(1), Version: r.GetString(2), VersionWkb: r.GetFieldValue<byte[]>(3)), id, 2);
        var fourth = await api.Database.ScalarAsync<byte[]>("SELECT ST_AsBinary(after_geom) FROM feature_history WHERE layer = 'planting_zones' AND feature_id = $1 AND version = 4", id);
        var history = await api.Client.GetOkJsonAsync($"{item}/history");
        var latest = history.GetProperty("versions")[0];

        await EditorClient.ExpectAsync(restored, HttpStatusCode.OK);
        var (row, rowWkb, version, versionWkb) = Assert.Single(images);
        Assert.Equal(versionWkb, rowWkb);
        Assert.NotEqual(fourth, rowWkb);
        Assert.Equal(version, row);
        Assert.Contains("测试种植区（第二版）", row, StringComparison.Ordinal);
        Assert.Equal(await EditorClient.ETagAsync(api.Client, item), restored.Headers.ETag!.ToString());
        Assert.Equal(5, latest.GetProperty("version").GetInt32());
        Assert.Equal("restore", latest.GetProperty("operation").GetString());
        Assert.Equal("恢复", latest.GetProperty("operation_zh").GetString());
        Assert.Equal("恢复第二版（误改）", latest.GetProperty("reason").GetString());
        Assert.Equal(admin.Name, latest.GetProperty("changed_by").GetString());
        Assert.Equal("admin", latest.GetProperty("role").GetString());
        Assert.True(latest.GetProperty("geometry_changed").GetBoolean());
        Assert.Equal(["name_en", "operator_zh"], latest.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("property").GetString()));
    }

    [Fact]
    public async Task A_deleted_feature_comes_back_with_201_exactly_as_it_was_before_its_deletion()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 王明", Role.LandOfficer);
        var admin = await EditorClient.CreateAsync(api, "管理员 周敏", Role.Admin);
        var id = await api.Database.ScalarAsync<string>("SELECT id FROM projects WHERE geom IS NOT NULL ORDER BY id DESC LIMIT 1");
        var item = $"/collections/projects/items/{id}";
        await officer.PatchAsync(item, """{"properties":{"summary_zh":"删除前的最后一版"}}""");
        await officer.DeleteAsync(item, "项目取消");

        var (gone, _) = await api.Client.GetJsonAsync(item);
        var whileDeleted = await api.Client.GetOkJsonAsync($"{item}/history");
        var (deletionImage, deletionProblem) = await api.Client.GetJsonAsync($"{item}/history/3");
        using var restoringTheDeletion = await admin.SendAsync(HttpMethod.Post, $"{item}/history/3/restore", reason: "恢复");
        using var restored = await admin.SendAsync(HttpMethod.Post, $"{item}/history/2/restore", reason: "项目恢复实施");
        var images = await api.Database.RowsAsync(ImagesSql("projects"),
            r => (Row: r.GetString(0), RowWkb: r.GetFieldValue<byte[]>(1), Version: r.GetString(2), VersionWkb: r.GetFieldValue<byte[]>(3)), id, 2);

        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.True(whileDeleted.GetProperty("deleted").GetBoolean());
        Assert.Equal("delete", whileDeleted.GetProperty("versions")[0].GetProperty("operation").GetString());
        Assert.Equal(HttpStatusCode.NotFound, deletionImage.StatusCode);
        Assert.Contains("deletion", deletionProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await EditorClient.ProblemAsync(restoringTheDeletion, HttpStatusCode.UnprocessableEntity);
        await EditorClient.ExpectAsync(restored, HttpStatusCode.Created);
        Assert.Equal(new Uri(api.Client.BaseAddress!, item), restored.Headers.Location);
        var (row, rowWkb, version, versionWkb) = Assert.Single(images);
        Assert.Equal(versionWkb, rowWkb);
        Assert.Equal(version, row);
        Assert.Contains("删除前的最后一版", row, StringComparison.Ordinal);
        Assert.Equal(await EditorClient.ETagAsync(api.Client, item), restored.Headers.ETag!.ToString());
        var after = await api.Client.GetOkJsonAsync($"{item}/history");
        Assert.False(after.GetProperty("deleted").GetBoolean());
        Assert.Equal([4, 3, 2, 1], after.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("restore", after.GetProperty("versions")[0].GetProperty("operation").GetString());
    }

    [Fact]
    public async Task Only_an_administrator_restores_a_land_officer_gets_403_and_an_anonymous_client_401()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 刘洋", Role.LandOfficer);
        var id = await api.Database.ScalarAsync<string>("SELECT id FROM projects WHERE geom IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1");
        var item = $"/collections/projects/items/{id}";
        await officer.PatchAsync(item, """{"properties":{"summary_zh":"国土人员改过"}}""");
        var versions = await HistoryCountAsync("projects", id);

        using var forbidden = await officer.SendAsync(HttpMethod.Post, $"{item}/history/1/restore", reason: "我想恢复");
        using var anonymous = await api.Client.PostAsync(new Uri($"{item}/history/1/restore", UriKind.Relative), null);

        var problem = await EditorClient.ProblemAsync(forbidden, HttpStatusCode.Forbidden);
        Assert.Equal("land_officer", problem.GetProperty("role").GetString());
        Assert.Contains("administrators only", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await EditorClient.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal(versions, await HistoryCountAsync("projects", id));
        Assert.Contains("国土人员改过", await api.Database.ScalarAsync<string>("SELECT summary_zh FROM projects WHERE id = $1", id), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("%E6%B5")]
    public async Task A_restore_without_a_usable_reason_is_400_naming_X_Change_Reason_and_changes_nothing(string? reasonHeader)
    {
        var admin = await EditorClient.CreateAsync(api, "管理员 孙丽", Role.Admin);
        var id = await api.Database.ScalarAsync<string>("SELECT id FROM enterprises ORDER BY id LIMIT 1");
        var versions = await HistoryCountAsync("enterprises", id);

        using var response = await admin.SendRawAsync(HttpMethod.Post, $"/collections/enterprises/items/{id}/history/1/restore", null, null, reasonHeader);

        var problem = await EditorClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("X-Change-Reason", problem.GetProperty("parameter").GetString());
        Assert.Equal(versions, await HistoryCountAsync("enterprises", id));
    }

    /// <summary>The zone's outline scaled about its centroid by PostGIS: coordinates with every digit of a double, still inside its county.</summary>
    private async Task<string> ShrunkAsync(string zoneId, double factor) => await api.Database.ScalarAsync<string>(
        "SELECT ST_AsGeoJSON(ST_Scale(geom, ST_MakePoint($2, $2), ST_Centroid(geom)), 17) FROM planting_zones WHERE id = $1", zoneId, factor);

    private Task<long> HistoryCountAsync(string layer, string id) =>
        api.Database.ScalarAsync<long>("SELECT count(*) FROM feature_history WHERE layer = $1 AND feature_id = $2", layer, id);
}
