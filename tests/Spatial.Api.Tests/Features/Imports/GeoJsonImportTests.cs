using System.Text;
using System.Text.Json.Nodes;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>The write path of an import with GeoJSON: created, updated, unchanged, dry run, all or nothing, the resource and its report.</summary>
public sealed class GeoJsonImportTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private EditorKey Officer => fixture.Keys[Role.LandOfficer];

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_feature_collection_of_new_projects_is_created_with_its_properties_outlines_and_one_import_version_each()
    {
        var projects = ImportFiles.Projects("gj-new", 3);
        var answer = await fixture.Client.ImportAsync("projects", Officer, Bytes(ImportFiles.GeoJson(projects)), "application/geo+json");

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal("succeeded", answer.Status());
        Assert.Equal($"/imports/{answer.Id()}", new Uri(answer.Headers.Location!.ToString()).AbsolutePath);
        Assert.Equal((3, 3, 0, 0), (answer.Count("total"), answer.Count("created"), answer.Count("updated"), answer.Count("rejected")));
        Assert.Equal(["gj-new-1", "gj-new-2", "gj-new-3"], answer.Features().Select(f => f.GetProperty("id").GetString()));
        Assert.All(answer.Features(), f => Assert.Equal("created", f.GetProperty("action").GetString()));
        Assert.Equal("geojson", answer.Json.GetProperty("format").GetString());
        Assert.Equal(Officer.Name, answer.Json.GetProperty("user").GetString());
        foreach (var project in projects)
        {
            Assert.Equal(project.Name, await fixture.Database.TextAsync("projects", project.Id, "name_zh"));
            Assert.Equal("surveyed", await fixture.Database.TextAsync("projects", project.Id, "geometry_source"));
            var history = await fixture.Database.HistoryAsync("projects", project.Id);
            Assert.Equal(["import"], history.Select(h => h.Operation));
            Assert.Equal(Officer.Name, history[0].ChangedBy);
            Assert.Equal(long.Parse(answer.Id(), System.Globalization.CultureInfo.InvariantCulture),
                await fixture.Database.ScalarAsync<long>("SELECT import_id FROM feature_history WHERE layer = 'projects' AND feature_id = $1", project.Id));
            // The outline is the file's square, in CGCS2000 lon/lat: compared with the input within 1e-9°.
            var ring = project.Ring;
            Assert.True(await fixture.Database.ScalarAsync<bool>(
                "SELECT ST_Equals(ST_SnapToGrid(geom, 1e-9), ST_SnapToGrid(ST_Multi(ST_GeomFromText($2, 4490)), 1e-9)) FROM projects WHERE id = $1",
                project.Id, $"POLYGON(({string.Join(",", ring.Select(c => $"{ImportFiles.Number(c[0])} {ImportFiles.Number(c[1])}"))}))"));
        }
        Assert.Equal("county_code", (await fixture.Database.AttributesAsync("projects", projects[0].Id))!.Value.TryGetProperty("county_code", out var county) && county.GetString()?.Length == 6 ? "county_code" : "missing");
    }

    [Fact]
    public async Task A_dry_run_reports_what_a_real_import_would_do_and_writes_nothing()
    {
        var projects = ImportFiles.Projects("gj-dry", 4);
        var file = Bytes(ImportFiles.GeoJson(projects));
        var before = await fixture.Database.WrittenRowsAsync();

        var dry = await fixture.Client.ImportAsync("projects", Officer, file, "application/geo+json", "dry_run=true");

        Assert.True(dry.Code == 200, dry.ToString());
        Assert.True(dry.Json.GetProperty("dry_run").GetBoolean());
        Assert.Equal(projects.Select(p => p.SourceRef), dry.Features().Select(f => f.GetProperty("source_ref").GetString()));
        Assert.Equal(before, await fixture.Database.WrittenRowsAsync());
        Assert.Null(await fixture.Database.AttributesAsync("projects", projects[0].Id));

        var real = await fixture.Client.ImportAsync("projects", Officer, file, "application/geo+json");
        Assert.True(real.Code == 201, real.ToString());
        string Summary(Answer a) => string.Join("|", a.Features().Select(f => $"{f.GetProperty("index")}:{f.GetProperty("id")}:{f.GetProperty("action")}:{f.GetProperty("reasons").GetArrayLength()}"));
        Assert.Equal(Summary(dry), Summary(real));
    }

    [Fact]
    public async Task One_bad_feature_among_a_thousand_writes_nothing_and_the_report_names_its_index_reason_and_location()
    {
        var projects = ImportFiles.Projects("gj-bad", 1000);
        // Feature 137: a bow-tie (self-intersecting) square; its crossing is at its centre.
        var bad = projects[136];
        var (x, y) = (bad.Ring[0][0], bad.Ring[0][1]);
        projects[136] = bad with { Ring = [[x, y], [x + 0.00025, y + 0.0002], [x + 0.00025, y], [x, y + 0.0002], [x, y]] };
        var before = await fixture.Database.WrittenRowsAsync();

        var answer = await fixture.Client.ImportAsync("projects", Officer, Bytes(ImportFiles.GeoJson(projects)), "application/geo+json");

        Assert.True(answer.Code == 422, answer.ToString());
        Assert.Equal("rejected", answer.Status());
        Assert.Equal((1000, 1), (answer.Count("total"), answer.Count("rejected")));
        Assert.Equal(before, await fixture.Database.WrittenRowsAsync());
        var rejected = Assert.Single(answer.Features(), f => f.GetProperty("action").GetString() == "rejected");
        Assert.Equal(137, rejected.GetProperty("index").GetInt32());
        Assert.Equal("gj-bad-137", rejected.GetProperty("id").GetString());
        var reason = Assert.Single(rejected.GetProperty("reasons").EnumerateArray());
        Assert.Equal("invalid_geometry", reason.GetProperty("code").GetString());
        Assert.Contains("Self-intersection", reason.GetProperty("message").GetString());
        var at = reason.GetProperty("location").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(x + 0.000125, at[0], 6);
        Assert.Equal(y + 0.0001, at[1], 6);
    }

    [Fact]
    public async Task A_second_import_of_the_same_file_changes_nothing_and_a_changed_one_updates_only_what_changed()
    {
        var projects = ImportFiles.Projects("gj-again", 3);
        var file = ImportFiles.GeoJson(projects);
        Assert.Equal(201, (await fixture.Client.ImportAsync("projects", Officer, Bytes(file), "application/geo+json")).Code);

        var again = await fixture.Client.ImportAsync("projects", Officer, Bytes(file), "application/geo+json");
        Assert.True(again.Code == 201, again.ToString());
        Assert.Equal((0, 0, 3), (again.Count("created"), again.Count("updated"), again.Count("unchanged")));
        Assert.Equal(["import"], (await fixture.Database.HistoryAsync("projects", "gj-again-2")).Select(h => h.Operation));

        var changed = ImportFiles.GeoJson(projects, p =>
        {
            var properties = ImportFiles.Properties(p);
            if (p.Id == "gj-again-2") properties["status"] = "under_construction";
            return properties;
        });
        var update = await fixture.Client.ImportAsync("projects", Officer, Bytes(changed), "application/geo+json");
        Assert.Equal((0, 1, 2), (update.Count("created"), update.Count("updated"), update.Count("unchanged")));
        Assert.Equal("under_construction", await fixture.Database.TextAsync("projects", "gj-again-2", "status"));
        Assert.Equal(["import", "import"], (await fixture.Database.HistoryAsync("projects", "gj-again-2")).Select(h => h.Operation));
    }

    [Fact]
    public async Task The_report_csv_has_one_row_per_feature_with_a_byte_order_mark()
    {
        var projects = ImportFiles.Projects("gj-csv", 2);
        var answer = await fixture.Client.ImportAsync("projects", Officer, Bytes(ImportFiles.GeoJson(projects)), "application/geo+json", "dry_run=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/imports/{answer.Id()}/report.csv", UriKind.Relative));
        request.Headers.Add(ApiKeys.Header, Officer.Key);
        using var response = await fixture.Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("1,created,gj-csv-1,导入测试 gj-csv #1,测试项目gj-csv1", lines[1]);
    }

    [Fact]
    public async Task Properties_the_collection_does_not_have_are_listed_as_unknown_and_a_mapping_takes_them_in()
    {
        var projects = ImportFiles.Projects("gj-map", 2);
        var file = Bytes(ImportFiles.GeoJson(projects, p =>
        {
            var properties = ImportFiles.Properties(p);
            properties.Remove("name_zh");
            properties["XMMC"] = p.Name;
            properties["备注"] = "无";
            return properties;
        }));

        var unmapped = await fixture.Client.ImportAsync("projects", Officer, file, "application/geo+json", "dry_run=true");
        Assert.Equal(422, unmapped.Code);
        Assert.Equal(["XMMC", "备注"], unmapped.Json.GetProperty("unknown_fields").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(unmapped.Features()[0].GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "required" && r.GetProperty("field").GetString() == "name_zh");

        var mapped = await fixture.Client.ImportAsync("projects", Officer, file, "application/geo+json",
            "mapping=" + Uri.EscapeDataString("""{"名称":"name_zh","XMMC":"name_zh"}"""));
        Assert.True(mapped.Code == 201, mapped.ToString());
        Assert.Equal(["备注"], mapped.Json.GetProperty("unknown_fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(projects[1].Name, await fixture.Database.TextAsync("projects", projects[1].Id, "name_zh"));
    }
}
