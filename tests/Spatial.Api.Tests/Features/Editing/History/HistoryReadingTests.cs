using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Geo;

namespace Spatial.Api.Tests.Features.Editing.History;

/// <summary>
/// A feature's versions as the API lists and shows them, read against feature_history itself, and the
/// history's immutability: no route writes it and the database refuses to. A database of its own (it edits projects).
/// </summary>
public sealed class HistoryReadingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_history_lists_every_version_newest_first_with_who_when_why_and_each_changed_property()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 王明", Role.LandOfficer);
        var (id, name) = (await api.Database.RowsAsync("SELECT id, name_zh FROM projects WHERE county_code = '230302' AND geom IS NOT NULL ORDER BY id LIMIT 1",
            r => (r.GetString(0), r.GetString(1)))).Single();
        var item = $"/collections/projects/items/{id}";
        await officer.PatchAsync(item, """{"properties":{"name_zh":"按批复更名的项目"}}""", "按批复更名 <b>");
        await officer.PatchAsync(item, $$"""{"geometry":{{await ScaledOutlineAsync(id, 0.5)}}}""");

        var history = await api.Client.GetOkJsonAsync($"{item}/history");
        var versions = history.GetProperty("versions").EnumerateArray().ToList();
        var stamps = await api.Database.RowsAsync("SELECT version, changed_at FROM feature_history WHERE layer = 'projects' AND feature_id = $1 ORDER BY version DESC",
            r => (r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1)), id);

        Assert.Equal(stamps, versions.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("changed_at").GetDateTimeOffset())));
        Assert.Equal([3, 2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("create", versions[2].GetProperty("operation").GetString());
        var (geometry, renamed) = (versions[0], versions[1]);
        foreach (var edit in new[] { geometry, renamed })
        {
            Assert.Equal("update", edit.GetProperty("operation").GetString());
            Assert.Equal("修改", edit.GetProperty("operation_zh").GetString());
            Assert.Equal("Updated", edit.GetProperty("operation_en").GetString());
            Assert.Equal(officer.Name, edit.GetProperty("changed_by").GetString());
            Assert.Equal("land_officer", edit.GetProperty("role").GetString());
            Assert.Equal(JsonValueKind.Null, edit.GetProperty("footprint_verdict").ValueKind);
        }
        Assert.Equal("按批复更名 <b>", renamed.GetProperty("reason").GetString());
        var change = Assert.Single(renamed.GetProperty("changes").EnumerateArray());
        Assert.Equal(("name_zh", name, "按批复更名的项目"),
            (change.GetProperty("property").GetString(), change.GetProperty("before").GetString(), change.GetProperty("after").GetString()));
        Assert.False(renamed.GetProperty("geometry_changed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, geometry.GetProperty("reason").ValueKind);
        Assert.Empty(geometry.GetProperty("changes").EnumerateArray());
        Assert.True(geometry.GetProperty("geometry_changed").GetBoolean());
        Assert.EndsWith($"{item}/history/2", renamed.GetProperty("links")[0].GetProperty("href").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_in_a_gauss_krueger_crs_is_its_stored_outline_as_postgis_transforms_it()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 陈静", Role.LandOfficer);
        var zone44 = CrsReference.Supported.Single(c => c.Srid == 4532);
        var id = await api.Database.ScalarAsync<string>(
            "SELECT id FROM projects WHERE county_code = '230302' AND geom IS NOT NULL ORDER BY id OFFSET 1 LIMIT 1");
        var item = $"/collections/projects/items/{id}";
        await officer.PatchAsync(item, $$"""{"properties":{"name_zh":"第二版名称"},"geometry":{{await ScaledOutlineAsync(id, 0.7)}}}""");
        await officer.PatchAsync(item, $$"""{"properties":{"name_zh":"第三版名称"},"geometry":{{await ScaledOutlineAsync(id, 0.5)}}}""");

        using var response = await api.Client.GetAsync(new Uri($"{item}/history/2?crs={Uri.EscapeDataString(zone44.Uri)}", UriKind.Relative));
        await EditorClient.ExpectAsync(response, HttpStatusCode.OK);
        var version = await EditorClient.JsonAsync(response);
        var truth = await api.Database.RowsAsync("""
            SELECT ST_X(p.geom), ST_Y(p.geom), ST_X(ST_Centroid(h.after_geom))
            FROM feature_history h, ST_DumpPoints(ST_Transform(h.after_geom, 4532)) p
            WHERE h.layer = 'projects' AND h.feature_id = $1 AND h.version = 2 ORDER BY p.path
            """, r => (Easting: r.GetDouble(0), Northing: r.GetDouble(1), Longitude: r.GetDouble(2)), id);
        var served = version.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
            .SelectMany(polygon => polygon.EnumerateArray()).SelectMany(ring => ring.EnumerateArray())
            .Select(p => (Northing: p[0].GetDouble(), Easting: p[1].GetDouble())).ToList();
        var current = await api.Database.ScalarAsync<bool>(
            "SELECT ST_Equals(p.geom, h.after_geom) FROM projects p, feature_history h WHERE p.id = $1 AND h.layer = 'projects' AND h.feature_id = p.id AND h.version = 2", id);

        Assert.InRange(truth[0].Longitude, 130.5, 133.5);
        Assert.False(current);
        Assert.Equal($"<{zone44.Uri}>", response.Headers.GetValues("Content-Crs").Single());
        Assert.Equal("第二版名称", version.GetProperty("properties").GetProperty("name_zh").GetString());
        Assert.Equal(truth.Count, served.Count);
        foreach (var (expected, actual) in truth.Zip(served))
        {
            Assert.Equal(expected.Northing, actual.Northing, 0.0006);
            Assert.Equal(expected.Easting, actual.Easting, 0.0006);
        }
        Assert.StartsWith("44", served[0].Easting.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_version_that_deleted_a_feature_has_no_image_while_the_one_before_it_still_shows_the_feature()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 黄磊", Role.LandOfficer);
        var id = await api.Database.ScalarAsync<string>("SELECT id FROM enterprises ORDER BY id LIMIT 1");
        var item = $"/collections/enterprises/items/{id}";
        await officer.DeleteAsync(item, "企业注销");

        var (deletion, problem) = await api.Client.GetJsonAsync($"{item}/history/2");
        var before = await api.Client.GetOkJsonAsync($"{item}/history/1");

        Assert.Equal(HttpStatusCode.NotFound, deletion.StatusCode);
        Assert.Equal("application/problem+json", deletion.Content.Headers.ContentType?.MediaType);
        Assert.Contains("version 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, before.GetProperty("id").GetString());
        Assert.Equal(await api.Database.ScalarAsync<string>(
            "SELECT after_attributes ->> 'name_zh' FROM feature_history WHERE layer = 'enterprises' AND feature_id = $1 AND version = 1", id),
            before.GetProperty("properties").GetProperty("name_zh").GetString());
    }

    [Fact]
    public async Task No_route_changes_the_history_every_write_method_on_it_is_405()
    {
        var admin = await EditorClient.CreateAsync(api, "管理员 钱进", Role.Admin);
        var id = await api.Database.ScalarAsync<string>("SELECT id FROM projects ORDER BY id LIMIT 1");
        var history = $"/collections/projects/items/{id}/history";
        var before = await api.Database.ScalarAsync<string>("SELECT md5(string_agg(h::text, '|' ORDER BY layer, feature_id, version)) FROM feature_history h");

        var refusals = new List<(string Call, HttpStatusCode Status, string? MediaType)>();
        foreach (var url in new[] { history, $"{history}/1" })
            foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Post })
            {
                using var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                using var response = await admin.SendAsync(method, url, body, "*", "篡改历史");
                refusals.Add(($"{method} {url}", response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            }

        Assert.All(refusals, r => Assert.Equal((r.Call, HttpStatusCode.MethodNotAllowed, "application/problem+json"), r));
        Assert.Equal(before, await api.Database.ScalarAsync<string>("SELECT md5(string_agg(h::text, '|' ORDER BY layer, feature_id, version)) FROM feature_history h"));
    }

    [Theory]
    [InlineData("UPDATE feature_history SET reason = 'rewritten', changed_by = 'someone else'")]
    [InlineData("DELETE FROM feature_history WHERE layer = 'projects'")]
    [InlineData("TRUNCATE feature_history")]
    public async Task The_database_refuses_to_change_or_remove_versions_even_for_its_superuser(string sql)
    {
        var before = await api.Database.ScalarAsync<string>("SELECT md5(string_agg(h::text, '|' ORDER BY layer, feature_id, version)) FROM feature_history h");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => api.Database.ScalarAsync<object>(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await api.Database.ScalarAsync<string>("SELECT md5(string_agg(h::text, '|' ORDER BY layer, feature_id, version)) FROM feature_history h"));
    }

    /// <summary>The project's outline scaled about its centroid by PostGIS (GeoJSON, every digit of a double).</summary>
    private async Task<string> ScaledOutlineAsync(string projectId, double factor) => await api.Database.ScalarAsync<string>(
        "SELECT ST_AsGeoJSON(ST_Scale(geom, ST_MakePoint($2, $2), ST_Centroid(geom)), 17) FROM projects WHERE id = $1", projectId, factor);
}
