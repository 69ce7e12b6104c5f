using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

// A database of this class's own (a class fixture, not the shared collection): it adds rows updated in 1999 to split time filters,
// which the other classes must not see.
public sealed class FilterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>The filter selects what PostgreSQL selects, and that is some rows but not all: a filter that passes everything proves nothing.</summary>
    private async Task AssertSameAsPostgis(string collection, string table, string query, string where)
    {
        var walked = await api.Client.WalkAsync($"/collections/{collection}/items?{query}&limit=1000");
        var truth = await api.Database.IdsAsync($"SELECT id FROM {table} WHERE {where} ORDER BY id");
        var all = await api.Database.ScalarAsync<long>($"SELECT count(*) FROM {table}");

        Assert.NotEmpty(truth);
        Assert.True(truth.Count < all, $"'{where}' selects all {all} rows of {table}");
        Assert.Equal(truth, walked);
    }

    [Theory]
    [InlineData("sector = 'bio_energy'", "sector = 'bio_energy'")]
    [InlineData("investment_cny >= 100000000 AND plan = 'jixi-2022'", "investment_cny >= 100000000 AND plan = 'jixi-2022'")]
    [InlineData("sector = 'biomedicine' OR NOT (county_code <> '230381')", "sector = 'biomedicine' OR NOT (county_code <> '230381')")]
    [InlineData("name_zh LIKE '%生物质%'", "name_zh LIKE '%生物质%'")]
    [InlineData("county_code IN ('230382', '231081')", "county_code IN ('230382', '231081')")]
    [InlineData("county_code NOT IN ('230382', '231081')", "NOT county_code IN ('230382', '231081')")]
    [InlineData("land_area_m2 BETWEEN 20000 AND 100000", "land_area_m2 BETWEEN 20000 AND 100000")]
    [InlineData("park_id IS NULL AND county_code IS NOT NULL", "park_id IS NULL AND county_code IS NOT NULL")]
    [InlineData("\"sector\"='bio_agriculture' and status<>'ongoing'", "sector = 'bio_agriculture' AND status <> 'ongoing'")]
    public async Task Cql2_text_selects_what_the_equivalent_sql_selects(string filter, string where) =>
        await AssertSameAsPostgis("projects", "projects", "filter=" + Uri.EscapeDataString(filter), where);

    [Theory]
    [InlineData("S_INTERSECTS(geometry, POLYGON((131.5 45.0, 133.2 45.0, 133.2 45.9, 131.5 45.9, 131.5 45.0)))",
                "ST_Intersects(geom, ST_MakeEnvelope(131.5, 45.0, 133.2, 45.9, 4490))")]
    [InlineData("S_INTERSECTS(geometry, BBOX(130.8, 45.2, 131.1, 45.4))", "ST_Intersects(geom, ST_MakeEnvelope(130.8, 45.2, 131.1, 45.4, 4490))")]
    [InlineData("S_WITHIN(geometry, BBOX(131.0, 44.2, 131.3, 44.6))", "ST_Within(geom, ST_MakeEnvelope(131.0, 44.2, 131.3, 44.6, 4490))")]
    [InlineData("S_DISJOINT(geometry, BBOX(131.0, 44.2, 131.3, 44.6)) AND geometry_source = 'indicative'",
                "NOT ST_Intersects(geom, ST_MakeEnvelope(131.0, 44.2, 131.3, 44.6, 4490)) AND geometry_source = 'indicative'")]
    [InlineData("s_intersects(geometry, POINT(130.9 45.3)) or sector = 'bio_energy'",
                "ST_Intersects(geom, ST_SetSRID(ST_Point(130.9, 45.3), 4490)) OR sector = 'bio_energy'")]
    public async Task Cql2_spatial_functions_with_wkt_and_bbox_select_what_postgis_selects(string filter, string where) =>
        await AssertSameAsPostgis("projects", "projects", "filter=" + Uri.EscapeDataString(filter), where);

    [Fact]
    public async Task A_spatial_function_contains_a_point_in_a_county()
    {
        var counties = await api.Client.WalkAsync("/collections/counties/items?filter=" + Uri.EscapeDataString("S_CONTAINS(geometry, POINT(131.87 45.55))"));
        Assert.Equal(["230382"], counties);
    }

    [Fact]
    public async Task Filter_crs_epsg_4326_reads_geometry_literals_latitude_first()
    {
        var latFirst = await api.Client.WalkAsync("/collections/projects/items?filter-crs=http://www.opengis.net/def/crs/EPSG/0/4326&filter="
            + Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(45.0, 131.5, 45.9, 133.2))"));
        var lonFirst = await api.Client.WalkAsync("/collections/projects/items?filter=" + Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(131.5, 45.0, 133.2, 45.9))"));

        Assert.NotEmpty(lonFirst);
        Assert.Equal(lonFirst, latFirst);
    }

    [Fact]
    public async Task A_projected_literal_far_outside_its_zone_is_a_400_not_a_database_error()
    {
        var (response, problem) = await api.Client.GetJsonAsync("/collections/projects/items?filter-crs=http://www.opengis.net/def/crs/EPSG/0/4553&filter="
            + Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(0, 0, 1e15, 1e15))"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is outside 100000…900000, where http://www.opengis.net/def/crs/EPSG/0/4553 is defined", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_crs_in_a_gauss_kruger_zone_is_transformed_not_the_column()
    {
        var walked = await api.Client.WalkAsync("/collections/projects/items?filter-crs=http://www.opengis.net/def/crs/EPSG/0/4553&filter="
            + Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(5010000, 410000, 5030000, 430000))"));
        var truth = await api.Database.IdsAsync(
            "SELECT id FROM projects WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(410000, 5010000, 430000, 5030000, 4553), 4490)) ORDER BY id");

        Assert.NotEmpty(truth);
        Assert.Equal(truth, walked);
    }

    [Theory]
    [InlineData("""{"op":"and","args":[{"op":"=","args":[{"property":"county_code"},"230382"]},{"op":">","args":[{"property":"land_area_m2"},1000]}]}""",
                "county_code = '230382' AND land_area_m2 > 1000")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[131.5,45.0,133.2,45.9]}]}""",
                "ST_Intersects(geom, ST_MakeEnvelope(131.5, 45.0, 133.2, 45.9, 4490))")]
    [InlineData("""{"op":"in","args":[{"property":"sector"},["bio_energy","bio_environmental"]]}""", "sector IN ('bio_energy', 'bio_environmental')")]
    [InlineData("""{"op":"not","args":[{"op":"isNull","args":[{"property":"investment_cny"}]}]}""", "investment_cny IS NOT NULL")]
    public async Task Cql2_json_selects_what_the_equivalent_sql_selects(string filter, string where) =>
        await AssertSameAsPostgis("projects", "projects", "filter-lang=cql2-json&filter=" + Uri.EscapeDataString(filter), where);

    [Fact]
    public async Task Filters_work_on_list_properties_by_membership()
    {
        await AssertSameAsPostgis("planting-zones", "planting_zones", "filter=" + Uri.EscapeDataString("crops_zh = '紫苏'"), "'紫苏' = ANY(crops_zh)");
        await AssertSameAsPostgis("planting-zones", "planting_zones", "filter=" + Uri.EscapeDataString("crops_zh IN ('木耳', '黑木耳')"),
            "crops_zh && ARRAY['木耳', '黑木耳']");
    }

    [Fact]
    public async Task A_filter_cannot_inject_sql_through_a_literal_or_a_property_name()
    {
        var literal = await api.Client.GetOkJsonAsync("/collections/projects/items?filter="
            + Uri.EscapeDataString("name_zh = 'x''; DROP TABLE projects; --'"));
        var (response, problem) = await api.Client.GetJsonAsync("/collections/projects/items?filter="
            + Uri.EscapeDataString("\"name_zh = name_zh; DROP TABLE projects; --\" = 'x'"));

        Assert.Equal(0, literal.GetProperty("numberMatched").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a queryable of projects", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(65, await api.Database.ScalarAsync<long>("SELECT count(*) FROM projects"));
    }

    [Theory]
    [InlineData("sector = ", "filter: unexpected end of filter (at character 10)")]
    [InlineData("sector = 'bio_energy' AND", "filter: unexpected end of filter (at character 26)")]
    [InlineData("sector == 'x'", "filter: expected a property, a literal or '(', found '= 'x'' (at character 9)")]
    [InlineData("sector = 'unterminated", "filter: unterminated string starting at character 10")]
    [InlineData("true", "filter: the literal TRUE (at character 1) is not a condition on its own: expected <>, <=, >=, =, <, >, LIKE, BETWEEN, IN or IS NULL after it, found the end of the filter (at character 5)")]
    [InlineData("sector AND x = 1", "filter: the property 'sector' (at character 1) is not a condition on its own: expected <>, <=, >=, =, <, >, LIKE, BETWEEN, IN or IS NULL after it, found 'AND x = 1' (at character 8)")]
    [InlineData("casei(name_zh) = 'x'", "filter: 'casei' (at character 1) is not a function this service reads; it reads the spatial functions S_CONTAINS, S_CROSSES, S_DISJOINT, S_EQUALS, S_INTERSECTS, S_OVERLAPS, S_TOUCHES, S_WITHIN (with BBOX(…) or WKT), and DATE(…) and TIMESTAMP(…)")]
    [InlineData("S_NEAR(geometry, POINT(131 45))", "filter: 'S_NEAR' (at character 1) is not a function this service reads")]
    [InlineData("S_INTERSECTS(geometry, buffer(POINT(131 45), 1))", "filter: 'buffer' (at character 24) is not a function this service reads")]
    [InlineData("sector = S_WITHIN(geometry, BBOX(1, 2, 3, 4))", "filter: S_WITHIN(…) (at character 10) is a condition, not a value")]
    [InlineData("nosuch = 1", "filter: 'nosuch' is not a queryable of projects (at character 1)")]
    [InlineData("name_zh > 5", "filter: cannot compare text with a number (at character 1)")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((131 45, 132 45)))", "filter: invalid WKT POLYGON (at character 24)")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((131 45, 132 46, 132 45, 131 46, 131 45)))", "filter: invalid geometry literal (at character 24): Self-intersection")]
    [InlineData("S_INTERSECTS(geometry, POINT(45 131))", "filter: geometry literal: latitude 131…131 is outside -90…90")]
    [InlineData("S_INTERSECTS(geometry, POINT(1e300 1e300))", "filter: geometry literal: longitude")]
    [InlineData("S_INTERSECTS(sector, POINT(131 45))", "filter: S_INTERSECTS takes two geometries (at character 1)")]
    public async Task A_bad_filter_is_a_400_naming_the_reason_and_position(string filter, string detail)
    {
        var (response, problem) = await api.Client.GetJsonAsync("/collections/projects/items?filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("filter", problem.GetProperty("parameter").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cql2-text", "(sector IN ('bio_energy','x') OR name_zh LIKE '%湖%') AND NOT land_area_m2 BETWEEN 1 AND 2e5 AND S_WITHIN(geometry, POLYGON((130 44, 134 44, 134 47, 130 47, 130 44))) AND updated_at > DATE('2020-01-01')")]
    [InlineData("cql2-json", """{"op":"and","args":[{"op":"like","args":[{"property":"name_zh"},"%湖%"]},{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[130,44],[134,44],[134,47],[130,44]]]}]}]}""")]
    public async Task No_prefix_of_a_valid_filter_makes_the_server_fail(string language, string filter)
    {
        for (var length = 0; length <= filter.Length; length++)
        {
            using var response = await api.Client.GetAsync(new Uri(
                $"/collections/projects/items?limit=1&filter-lang={language}&filter=" + Uri.EscapeDataString(filter[..length]), UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                $"'{filter[..length]}' → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<string> RefusedAsync(string language, string filter)
    {
        var (response, problem) = await api.Client.GetJsonAsync($"/collections/projects/items?filter-lang={language}&filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("filter", problem.GetProperty("parameter").GetString());
        return problem.GetProperty("detail").GetString()!;
    }

    [Theory]
    [InlineData("cql2-text", @"name_zh LIKE '%\'")]
    [InlineData("cql2-json", """{"op":"like","args":[{"property":"name_zh"},"%\\"]}""")]
    public async Task Like_pattern_ending_in_a_backslash_is_a_400_naming_filter(string language, string filter) =>
        Assert.StartsWith("filter: LIKE pattern ends in a backslash, which escapes nothing", await RefusedAsync(language, filter), StringComparison.Ordinal);

    [Fact]
    public async Task A_backslash_in_a_like_pattern_escapes_only_percent_underscore_or_itself() =>
        Assert.StartsWith(@"filter: LIKE pattern: the backslash at character 4 of the pattern escapes 'e'",
            await RefusedAsync("cql2-text", @"sector LIKE 'bio\energy'"), StringComparison.Ordinal);

    [Theory]
    [InlineData(@"sector LIKE 'bio\_energy'", "sector = 'bio_energy'")]
    [InlineData(@"sector LIKE 'bio\_%'", "sector LIKE 'bio!_%' ESCAPE '!'")]
    [InlineData(@"sector LIKE 'bio_e%'", "sector LIKE 'bio_e%'")]
    public async Task Like_escapes_select_what_postgresql_selects_with_backslash_as_the_escape(string filter, string where) =>
        await AssertSameAsPostgis("projects", "projects", "filter=" + Uri.EscapeDataString(filter), where);

    [Fact]
    public async Task An_escaped_percent_matches_a_literal_percent_sign_which_no_sector_has()
    {
        var escaped = await api.Client.GetOkJsonAsync("/collections/projects/items?filter=" + Uri.EscapeDataString(@"sector LIKE 'bio\%'"));
        var wildcard = await api.Client.GetOkJsonAsync("/collections/projects/items?filter=" + Uri.EscapeDataString("sector LIKE 'bio%'"));

        Assert.Equal(0, escaped.GetProperty("numberMatched").GetInt32());
        Assert.Equal(await api.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE sector LIKE 'bio%'"), wildcard.GetProperty("numberMatched").GetInt64());
        Assert.NotEmpty(wildcard.Ids());
    }

    [Theory]
    [InlineData("cql2-text", "updated_at > TIMESTAMP('2000-01-01T00:00:00Z')", "updated_at > '2000-01-01T00:00:00Z'")]
    [InlineData("cql2-text", "updated_at < DATE('2000-01-01')", "updated_at < '2000-01-01'")]
    [InlineData("cql2-text", "updated_at BETWEEN TIMESTAMP('1999-01-01T00:00:00Z') AND TIMESTAMP('1999-07-01T00:00:00Z')", "updated_at BETWEEN '1999-01-01Z' AND '1999-07-01Z'")]
    [InlineData("cql2-json", """{"op":">","args":[{"property":"updated_at"},{"timestamp":"2000-01-01T00:00:00Z"}]}""", "updated_at > '2000-01-01T00:00:00Z'")]
    [InlineData("cql2-json", """{"op":"<=","args":[{"property":"updated_at"},{"date":"1999-06-01"}]}""", "updated_at <= '1999-06-01Z'")]
    public async Task Time_comparisons_split_rows_updated_before_2000_from_the_rest(string language, string filter, string where)
    {
        await api.Database.ScalarAsync<int>("""
            INSERT INTO projects (id, name_zh, name_en, sector, summary_zh, status, scope, plan, source_ref, created_at, updated_at)
            VALUES ('T10-1999-A', '测试旧项目甲', 'Old test A', 'bio_energy', '测试', 'planned', 'programme', 'jixi-2022', 'test t10 #1', '1999-01-01Z', '1999-03-01Z'),
                   ('T10-1999-B', '测试旧项目乙', 'Old test B', 'bio_energy', '测试', 'planned', 'programme', 'jixi-2022', 'test t10 #2', '1999-01-01Z', '1999-09-01Z')
            RETURNING 1
            """);
        try
        {
            await AssertSameAsPostgis("projects", "projects", $"filter-lang={language}&filter=" + Uri.EscapeDataString(filter), where);
        }
        finally
        {
            await api.Database.ScalarAsync<int>("WITH d AS (DELETE FROM projects WHERE id LIKE 'T10-1999-%' RETURNING 1) SELECT count(*)::int FROM d");
        }
    }

    [Theory]
    [InlineData("""{"op":"like","args":[{"property":"name_zh"},"%生物质%"]}""", "name_zh LIKE '%生物质%'")]
    [InlineData("""{"op":"between","args":[{"property":"land_area_m2"},20000,100000]}""", "land_area_m2 BETWEEN 20000 AND 100000")]
    [InlineData("""{"op":"not","args":[{"op":"in","args":[{"property":"county_code"},["230382","231081"]]}]}""", "NOT county_code IN ('230382', '231081')")]
    [InlineData("""{"op":"or","args":[{"op":"=","args":[{"property":"sector"},"biomedicine"]},{"op":"<>","args":[{"property":"status"},"ongoing"]}]}""",
                "sector = 'biomedicine' OR status <> 'ongoing'")]
    public async Task Advanced_comparisons_in_cql2_json_select_what_the_equivalent_sql_selects(string filter, string where) =>
        await AssertSameAsPostgis("projects", "projects", "filter-lang=cql2-json&filter=" + Uri.EscapeDataString(filter), where);

    [Theory]
    [InlineData("cql2-text", "name_zh = 'a\u0000b'", "filter: U+0000 is a control character; text cannot contain control characters (at character 13)")]
    [InlineData("cql2-text", "\"name\u0000zh\" = 'x'", "filter: U+0000 is a control character")]
    [InlineData("cql2-text", "name_zh = 'a\u0007'", "filter: U+0007 is a control character")]
    [InlineData("cql2-json", """{"op":"=","args":[{"property":"name_zh"},"a\u0000"]}""", "filter: $.args[1]: U+0000 is a control character; text cannot contain control characters (character 2 of the string)")]
    [InlineData("cql2-json", """{"op":"=","args":[{"property":"name\u001fzh"},"a"]}""", "filter: $.args[0].property: U+001F is a control character")]
    [InlineData("cql2-json", """{"op":"=","args":[{"property":"name_zh"},"\ud800"]}""", "filter: a string on line 1 is not valid Unicode")]
    public async Task A_nul_or_other_control_character_in_a_filter_is_a_400_naming_filter(string language, string filter, string detail) =>
        Assert.StartsWith(detail, await RefusedAsync(language, filter), StringComparison.Ordinal);

    [Fact]
    public async Task An_empty_in_list_in_cql2_json_is_a_400_naming_filter() =>
        Assert.Equal("filter: $.args[1]: 'in' needs at least one value in its list",
            await RefusedAsync("cql2-json", """{"op":"in","args":[{"property":"sector"},[]]}"""));

    [Theory]
    [InlineData("""{"op":"=","args":[{"property":"updated_at"},{"date":5}]}""", "filter: $.args[1].date: expected a date such as \"2024-05-01\", found a number")]
    [InlineData("""{"op":"=","args":[{"property":"updated_at"},{"timestamp":[]}]}""", "filter: $.args[1].timestamp: expected a timestamp such as \"2024-05-01T08:00:00Z\", found an array")]
    [InlineData("""{"op":"=","args":[{"property":5},"x"]}""", "filter: $.args[0].property: a property name is a string, found a number")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[1,"2",3,4]}]}""", "filter: $.args[1].bbox[1]: a bbox holds numbers only, found a string")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":"1,2,3,4"}]}""", "filter: $.args[1].bbox: a bbox is an array of 4 or 6 numbers, found a string")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"type":5}]}""", "filter: $.args[1].type: 'type' must be a string")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiPolygon","coordinates":[5]}]}""", "filter: $.args[1].coordinates[0]: a polygon is an array of rings")]
    [InlineData("""{"op":">","args":[{"property":"investment_cny"},1e400]}""", "filter: $.args[1]: 1e400 is too large a number")]
    [InlineData("""{"op":"=","args":{"a":1}}""", "filter: $.args: expected an array")]
    [InlineData("""{"op":"=","args":[{"property":"sector"},null]}""", "filter: $.args[1]: null is not a CQL2 value")]
    [InlineData("""{"op":""", "filter: not valid JSON at line 1, byte 7 of the line")]
    public async Task A_wrong_json_type_in_cql2_json_is_a_400_in_our_own_words(string filter, string detail)
    {
        var said = await RefusedAsync("cql2-json", filter);

        Assert.Equal(detail, said);
        Assert.DoesNotContain("LineNumber", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("S_INTERSECTS(geometry, POINT(中 45))", "filter: invalid WKT POINT (at character 24): expected a number, found '中' (U+4E2D) (at character 30)")]
    [InlineData("S_INTERSECTS(geometry, POINT(131 4Ā))", "filter: invalid WKT POINT (at character 24): expected ')', found 'Ā' (U+0100) (at character 35)")]
    [InlineData("S_INTERSECTS(geometry, POINT(NaN 45))", "filter: invalid WKT POINT (at character 24): expected a number, found 'N' (at character 30)")]
    public async Task A_wkt_literal_with_characters_beyond_latin_1_or_nan_is_a_400_naming_filter(string filter, string detail) =>
        Assert.Equal(detail, await RefusedAsync("cql2-text", filter));

    [Fact]
    public async Task An_empty_wkt_literal_is_read_and_intersects_nothing()
    {
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?filter=" + Uri.EscapeDataString("S_INTERSECTS(geometry, POINT EMPTY)"));

        Assert.Equal(0, page.GetProperty("numberMatched").GetInt32());
    }

    [Theory]
    [InlineData("cql2-text", 10_000, "(", ")", "filter: the filter nests parentheses and NOTs deeper than 64 levels (at character 65)")]
    [InlineData("cql2-text", 2_000, "NOT ", "", "filter: the filter nests parentheses and NOTs deeper than 64 levels (at character 257)")]
    [InlineData("cql2-json", 200, """{"op":"not","args":[""", "]}", "filter: objects and arrays are nested deeper than 64 levels (line 1)")]
    public async Task Nesting_beyond_the_bound_is_a_400_not_a_stack_overflow(string language, int depth, string open, string close, string detail)
    {
        var inner = language == "cql2-text" ? "sector = 'x'" : """{"op":"=","args":[{"property":"sector"},"x"]}""";
        var filter = string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

        Assert.Equal(detail, await RefusedAsync(language, filter));
    }

    [Fact]
    public async Task A_filter_longer_than_32768_characters_is_a_400_naming_filter()
    {
        var filter = "sector IN (" + string.Join(",", Enumerable.Repeat("'bio_energy'", 3000)) + ")";

        Assert.Equal($"filter: the filter is {filter.Length} characters long; at most 32768 are read", await RefusedAsync("cql2-text", filter));
    }
}
