using System.Net;
using System.Text;
using System.Text.Json;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing.History;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing.Outline;

/// <summary>
/// The land officer's main action end to end: a surveyed 界址点 file in GB18030 replaces an indicative project
/// outline and the plan office's batch verdict follows it; an outline that fails the footprint check — a 100 m disc
/// inside the protected Lake Khanka area (derived, not indicative, so the overlap fails), built by PostGIS from the
/// area's own outline, 300 m in from its edges and the county border — is refused with its report, or saved only
/// with an explicit override and a reason. A database of its own: the tests move projects (each its own).
/// </summary>
public sealed class ProjectOutlineTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Two indicative projects of 虎林市 80 m apart (bio_agriculture, so no park rule): the survey puts JX-15 over
    // both its old sketch and all of JX-24 (their convex hull, computed by PostGIS).
    private const string Surveyed = "JX-15";
    private const string Neighbour = "JX-24";
    private const string Hull = $"SELECT ST_ConvexHull(ST_Collect(a.geom, b.geom)) FROM projects a, projects b WHERE a.id = '{Surveyed}' AND b.id = '{Neighbour}'";

    private const string Protected = "jx-eco-khanka";

    /// <summary>What a refused outline must leave as it was: the row, its geometry's bytes and its history.</summary>
    private const string StateSql = """
        SELECT p.version || ' ' || coalesce(p.geometry_source::text, '-') || ' ' || coalesce(p.county_code, '-') || ' ' || md5(ST_AsBinary(p.geom))
               || ' ' || (SELECT count(*) FROM feature_history h WHERE h.layer = 'projects' AND h.feature_id = p.id)
        FROM projects p WHERE p.id = $1
        """;

    [Fact]
    public async Task A_surveyed_gb18030_file_replaces_an_indicative_outline_and_the_batch_verdict_reflects_it()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 王明", Role.LandOfficer);
        Assert.Equal(["indicative", "indicative"], await api.Database.IdsAsync(
            "SELECT geometry_source::text FROM projects WHERE id IN ($1, $2) ORDER BY id", Surveyed, Neighbour));
        // The sketch was filed under the wrong county; the surveyed outline says where the project is.
        await api.Database.ScalarAsync<object>("UPDATE projects SET county_code = '230382' WHERE id = $1 RETURNING NULL", Surveyed);
        var county = await api.Database.ScalarAsync<string>(
            $"SELECT c.code FROM counties c, ({Hull}) h (g) WHERE ST_Intersects(c.geom, h.g) ORDER BY ST_Area(ST_Intersection(c.geom, h.g)::geography) DESC LIMIT 1");
        var before = await api.BatchAsync();
        var file = await OutlineCalls.SurveyedTxtAsync(api.Database, Hull, "HL2026-015-1", "虎林设施农业地块");
        var etag = await EditorClient.ETagAsync(api.Client, $"/collections/projects/items/{Surveyed}");
        var hull = await api.Database.ScalarAsync<byte[]>($"SELECT ST_AsEWKB(g) FROM ({Hull}) h (g)");

        using var response = await officer.PutOutlineAsync(Surveyed, OutlineCalls.Txt(file), etag, "界址点测绘成果替换示意位置");
        await EditorClient.ExpectAsync(response, HttpStatusCode.OK);
        var after = await api.BatchAsync();
        var stored = (await api.Database.RowsAsync($"""
            SELECT p.geometry_source::text, p.county_code, ST_HausdorffDistance(p.geom, h.g), h2.footprint_verdict, h2.footprint_report::text,
                   h2.reason, h2.changed_by, h2.role
            FROM projects p, ST_GeomFromEWKB($2) h (g), feature_history h2
            WHERE p.id = $1 AND h2.layer = 'projects' AND h2.feature_id = p.id AND h2.version = p.version
            """, r => (Source: r.GetString(0), County: r.GetString(1), Distance: r.GetDouble(2), Verdict: r.GetString(3), Report: r.GetString(4),
                       Reason: r.GetString(5), By: r.GetString(6), Role: r.GetString(7)), Surveyed, hull)).Single();
        using var report = JsonDocument.Parse(stored.Report);

        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file));
        Assert.Equal("GB18030", report.RootElement.GetProperty("encoding").GetString());
        Assert.Equal("surveyed", stored.Source);
        Assert.Equal(county, stored.County);
        Assert.Equal("230381", county);
        Assert.InRange(stored.Distance, 0, 1e-7);
        Assert.Equal(("warn", "界址点测绘成果替换示意位置", officer.Name, "land_officer"), (stored.Verdict, stored.Reason, stored.By, stored.Role));
        Assert.Equal("warn", response.Headers.GetValues("Footprint-Verdict").Single());

        // The surveyed project: its conflict with the still indicative neighbour is a warning to verify, as the rule computes it,
        // the same in the stored report as in the batch; it never conflicts with the sketch it replaced.
        var (was, now) = (before[Surveyed], after[Surveyed]);
        Assert.False(was.Names(Neighbour));
        var overlap = Assert.Single(now.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "PROJECT_OVERLAP");
        Assert.Equal("warn", overlap.GetProperty("severity").GetString());
        Assert.Equal([Neighbour], overlap.GetProperty("feature_ids").EnumerateArray().Select(i => i.GetString()));
        Assert.EndsWith("(its outline is indicative: verify).", overlap.GetProperty("message_en").GetString(), StringComparison.Ordinal);
        Assert.Equal("warn", now.GetProperty("verdict").GetString());
        Assert.False(now.Names(Surveyed));
        Assert.False(report.RootElement.Names(Surveyed));
        Assert.Equal(now.Reasons(), report.RootElement.Reasons());

        // The neighbour now overlaps a surveyed outline: no longer downgraded, it fails.
        var (neighbourWas, neighbourNow) = (before[Neighbour], after[Neighbour]);
        Assert.False(neighbourWas.Names(Surveyed));
        Assert.NotEqual("fail", neighbourWas.GetProperty("verdict").GetString());
        var conflict = Assert.Single(neighbourNow.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "PROJECT_OVERLAP");
        Assert.Equal(("fail", Surveyed), (conflict.GetProperty("severity").GetString(), conflict.GetProperty("feature_ids")[0].GetString()));
        Assert.Equal("fail", neighbourNow.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_failing_outline_is_422_with_its_report_and_nothing_is_written()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 王明", Role.LandOfficer);
        const string project = "JX-13";
        var outline = await OnTheLakeNextToAsync(project);
        var etag = await EditorClient.ETagAsync(api.Client, $"/collections/projects/items/{project}");
        var before = await api.Database.ScalarAsync<string>(StateSql, project);

        using var refused = await officer.PutOutlineAsync(project, Outlines.GeoJson(outline), etag, "测绘成果");
        using var noReason = await officer.PutOutlineAsync(project, Outlines.GeoJson(outline), etag, query: "?override=true");

        var problem = await EditorClient.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        var report = problem.GetProperty("report");
        Assert.Equal("fail", problem.GetProperty("verdict").GetString());
        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Contains($"ECOLOGICAL_OVERLAP fail {Protected}", report.Reasons());
        Assert.Contains("override=true", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var noReasonProblem = await EditorClient.ProblemAsync(noReason, HttpStatusCode.BadRequest);
        Assert.Equal("X-Change-Reason", noReasonProblem.GetProperty("parameter").GetString());
        Assert.Equal(before, await api.Database.ScalarAsync<string>(StateSql, project));
    }

    [Fact]
    public async Task With_override_and_a_reason_the_failing_outline_is_saved_and_its_version_keeps_the_fail_verdict_and_the_reason()
    {
        var officer = await EditorClient.CreateAsync(api, "国土 李强", Role.LandOfficer);
        const string project = "JX-14";
        const string reason = "经省厅批准的湖区试验项目（例外）";
        var outline = await OnTheLakeNextToAsync(project);
        var etag = await EditorClient.ETagAsync(api.Client, $"/collections/projects/items/{project}");

        using var saved = await officer.PutOutlineAsync(project, Outlines.GeoJson(outline), etag, reason, "?override=true");
        await EditorClient.ExpectAsync(saved, HttpStatusCode.OK);
        var stored = (await api.Database.RowsAsync("""
            SELECT p.geometry_source::text, ST_Equals(p.geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4490)), h.footprint_verdict, h.footprint_report ->> 'verdict', h.reason, h.changed_by
            FROM projects p JOIN feature_history h ON h.layer = 'projects' AND h.feature_id = p.id AND h.version = p.version
            WHERE p.id = $1
            """, r => (r.GetString(0), r.GetBoolean(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)), project, outline)).Single();
        var latest = (await api.Client.GetOkJsonAsync($"/collections/projects/items/{project}/history")).GetProperty("versions")[0];

        Assert.Equal("fail", saved.Headers.GetValues("Footprint-Verdict").Single());
        Assert.Equal(saved.Headers.ETag!.ToString(), await EditorClient.ETagAsync(api.Client, $"/collections/projects/items/{project}"));
        Assert.Equal(("surveyed", true, "fail", "fail", reason, officer.Name), stored);
        Assert.Equal("fail", latest.GetProperty("footprint_verdict").GetString());
        Assert.Equal(reason, latest.GetProperty("reason").GetString());
        Assert.True(latest.GetProperty("geometry_changed").GetBoolean());
    }

    [Fact]
    public async Task While_an_outline_is_being_checked_it_holds_no_edits_connection_so_other_writes_go_on()
    {
        // One Edits connection only: a PUT that kept it through its footprint check would make every other write wait for it.
        await using var app = new SpatialApp(api.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Spatial:ApplyMigrationsOnStartup"] = "false",
            ["Spatial:Work:Edits:Connections"] = "1",
        });
        using var client = await app.ReadyClientAsync();
        var (_, key) = await ApiKeyStore.CreateAsync(api.Database.DataSource, "国土 赵刚", Role.LandOfficer, "tests", CancellationToken.None);
        var officer = new EditorClient(client, "国土 赵刚", key);
        const string project = "JX-18";
        var outline = await api.Database.ScalarAsync<string>("SELECT ST_AsGeoJSON(geom, 9) FROM projects WHERE id = $1", project);
        var enterprise = await api.Database.ScalarAsync<string>("SELECT min(id) FROM enterprises");
        var etag = await EditorClient.ETagAsync(client, $"/collections/projects/items/{project}");

        Task<HttpResponseMessage> put;
        bool putDoneDuringCheck;
        // The check reads water_bodies; the lock keeps it waiting there (the outline's own checks and the PATCH never read it).
        await using (await TableLock.TakeAsync(api.Database, "water_bodies"))
        {
            put = officer.PutOutlineAsync(project, Outlines.GeoJson(outline), etag, "测绘成果");
            await CheckWaitingOnALockAsync();
            await officer.PatchAsync($"/collections/enterprises/items/{enterprise}", """{"properties":{"products_zh":"核查期间的修改"}}""");
            putDoneDuringCheck = put.IsCompleted;
        }
        using var saved = await put;

        Assert.False(putDoneDuringCheck);
        await EditorClient.ExpectAsync(saved, HttpStatusCode.OK);
        Assert.Equal("核查期间的修改", await api.Database.ScalarAsync<string>("SELECT products_zh FROM enterprises WHERE id = $1", enterprise));
        Assert.Equal("surveyed", await api.Database.ScalarAsync<string>("SELECT geometry_source::text FROM projects WHERE id = $1", project));
    }

    private async Task CheckWaitingOnALockAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await api.Database.ScalarAsync<long>("""
                   SELECT count(*) FROM pg_stat_activity
                   WHERE datname = current_database() AND application_name LIKE '%/footprintchecks' AND wait_event_type = 'Lock'
                   """) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the outline's footprint check never started");
            await Task.Delay(50);
        }
    }

    /// <summary>A 100 m disc on the protected lake, at its point nearest the project (GeoJSON, CGCS2000 lon/lat).</summary>
    private Task<string> OnTheLakeNextToAsync(string project) => api.Database.ScalarAsync<string>($"""
        WITH core AS (SELECT ST_SetSRID(ST_Buffer(ST_Intersection(e.geom, c.geom)::geography, -300)::geometry, 4490) AS g
                      FROM ecological_areas e, counties c, projects p WHERE e.id = '{Protected}' AND p.id = $1 AND c.code = p.county_code)
        SELECT ST_AsGeoJSON(ST_SetSRID(ST_Buffer(ST_ClosestPoint(core.g, p.geom)::geography, 100)::geometry, 4490), 9)
        FROM core, projects p WHERE p.id = $1
        """, project);
}
