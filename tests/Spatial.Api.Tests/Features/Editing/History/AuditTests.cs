using System.Net;
using System.Text;
using System.Text.Json;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing.History;

/// <summary>
/// GET /audit read against feature_history: each filter keeps exactly the rows PostgreSQL selects with the same
/// condition, the keyset cursor walks every entry once while writes go on, the CSV is safe to open in Excel.
/// A database of its own: the tests write the versions they audit.
/// </summary>
public sealed class AuditTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Order = "ORDER BY changed_at, layer, feature_id, version";

    [Fact]
    public async Task Filters_by_user_collection_since_and_until_keep_exactly_the_versions_the_database_selects()
    {
        var planner = await EditorClient.CreateAsync(api, "规划 审计甲", Role.Planner);
        var officer = await EditorClient.CreateAsync(api, "国土 审计乙", Role.LandOfficer);
        var zone = await api.Database.ScalarAsync<string>("SELECT id FROM planting_zones ORDER BY id LIMIT 1");
        var area = await api.Database.ScalarAsync<string>("SELECT id FROM ecological_areas ORDER BY id LIMIT 1");
        var project = await api.Database.ScalarAsync<string>("SELECT id FROM projects ORDER BY id LIMIT 1");
        await planner.PatchAsync($"/collections/planting-zones/items/{zone}", """{"properties":{"operator_zh":"审计一"}}""");
        await officer.PatchAsync($"/collections/projects/items/{project}", """{"properties":{"summary_zh":"审计二"}}""");
        await planner.PatchAsync($"/collections/ecological-areas/items/{area}", """{"properties":{"location_note":"审计三"}}""");
        await planner.PatchAsync($"/collections/planting-zones/items/{zone}", """{"properties":{"operator_zh":"审计四"}}""");
        var middle = await api.Database.ScalarAsync<DateTime>(
            "SELECT changed_at FROM feature_history WHERE layer = 'projects' AND feature_id = $1 AND changed_by = $2", project, officer.Name);
        var at = Uri.EscapeDataString(middle.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var total = await api.Database.ScalarAsync<long>("SELECT count(*) FROM feature_history");

        var cases = new (string Query, string Where, object[] Parameters)[]
        {
            ($"user={Uri.EscapeDataString(planner.Name)}", "changed_by = $1", [planner.Name]),
            ("collection=planting-zones", "layer = 'planting_zones'", []),
            ($"user={Uri.EscapeDataString(planner.Name)}&collection=planting-zones", "changed_by = $1 AND layer = 'planting_zones'", [planner.Name]),
            ($"since={at}", "changed_at >= $1", [middle]),
            ($"until={at}", "changed_at < $1", [middle]),
            ($"since={at}&collection=planting-zones", "changed_at >= $1 AND layer = 'planting_zones'", [middle]),
        };
        foreach (var (query, where, parameters) in cases)
        {
            var expected = await api.Database.RowsAsync($"SELECT replace(layer, '_', '-'), feature_id, version FROM feature_history WHERE {where} {Order}",
                r => (r.GetString(0), r.GetString(1), r.GetInt32(2)), parameters);
            var page = await api.Client.GetOkJsonAsync($"/audit?limit=10000&{query}");

            Assert.Equal(expected, Keys(page));
            Assert.True(expected.Count > 0 && expected.Count < total, $"{query}: {expected.Count} of {total} versions: the filter must keep some and leave some");
        }
        var byPlannerInZones = await api.Client.GetOkJsonAsync($"/audit?collection=planting-zones&user={Uri.EscapeDataString(planner.Name)}");
        Assert.Equal([zone, zone], Keys(byPlannerInZones).Select(k => k.FeatureId));
        Assert.All(byPlannerInZones.GetProperty("entries").EnumerateArray(), e => Assert.Equal("planner", e.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task The_cursor_returns_every_version_exactly_once_in_order_while_new_versions_arrive_between_pages()
    {
        var planner = await EditorClient.CreateAsync(api, "规划 翻页", Role.Planner);
        var zones = await api.Database.IdsAsync("SELECT id FROM planting_zones ORDER BY id");
        var walked = new List<(string, string, int)>();
        var pages = 0;
        for (string? url = "/audit?limit=7"; url is not null; pages++)
        {
            var page = await api.Client.GetOkJsonAsync(url);
            walked.AddRange(Keys(page));
            Assert.True(Keys(page).Count <= 7);
            url = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => l.GetProperty("href").GetString()).SingleOrDefault();
            if (url is not null && pages < 20)
                await planner.PatchAsync($"/collections/planting-zones/items/{zones[pages % zones.Count]}", $$$"""{"properties":{"operator_zh":"第{{{pages}}}页之后"}}""");
        }
        var everything = await api.Database.RowsAsync($"SELECT replace(layer, '_', '-'), feature_id, version FROM feature_history {Order}",
            r => (r.GetString(0), r.GetString(1), r.GetInt32(2)));
        var added = await api.Database.ScalarAsync<long>("SELECT count(*) FROM feature_history WHERE changed_by = $1", planner.Name);

        Assert.Equal(20, added);
        Assert.True(pages > 20, $"{pages} pages");
        Assert.Equal(everything.Count, walked.Distinct().Count());
        Assert.Equal(everything, walked);
    }

    [Fact]
    public async Task The_csv_starts_with_a_bom_and_a_reason_or_name_that_looks_like_a_formula_comes_out_as_text()
    {
        const string reason = "=cmd|' /C calc'!A0";
        var officer = await EditorClient.CreateAsync(api, "@SUM(A1:A9)", Role.LandOfficer);
        var project = await api.Database.ScalarAsync<string>("SELECT id FROM projects ORDER BY id DESC LIMIT 1");
        await officer.PatchAsync($"/collections/projects/items/{project}", """{"properties":{"summary_zh":"公式测试"}}""", reason);

        using var response = await api.Client.GetAsync(new Uri($"/audit?f=csv&user={Uri.EscapeDataString(officer.Name)}", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = CsvRecords.Parse(Encoding.UTF8.GetString(bytes.AsSpan(3)));
        var header = rows[0];
        var row = Assert.Single(rows.Skip(1));
        string Cell(string column) => row[Array.FindIndex(header, h => h.EndsWith(" " + column, StringComparison.Ordinal))];

        await EditorClient.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("'" + reason, Cell("reason"));
        Assert.Equal("'" + officer.Name, Cell("changed_by"));
        Assert.Equal(project, Cell("feature_id"));
        Assert.Equal("修改", Cell("operation"));
        Assert.Equal("summary_zh", Cell("changed"));
        Assert.Equal(reason, (await api.Client.GetOkJsonAsync($"/audit?user={Uri.EscapeDataString(officer.Name)}"))
            .GetProperty("entries")[0].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("since", "2026-13-45")]
    [InlineData("since", "yesterday")]
    [InlineData("until", "2026-12-01T25:00:00Z")]
    public async Task A_time_that_is_not_a_date_is_400_naming_its_parameter(string parameter, string value)
    {
        var (response, problem) = await api.Client.GetJsonAsync($"/audit?{parameter}={Uri.EscapeDataString(value)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.StartsWith($"{parameter}: '{value}' is not a date", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static List<(string Collection, string FeatureId, int Version)> Keys(JsonElement page) =>
        page.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("collection").GetString()!, e.GetProperty("feature_id").GetString()!, e.GetProperty("version").GetInt32())).ToList();
}
