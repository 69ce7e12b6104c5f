using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// County, sector and category names are joined from their tables once per statement: every feature carries its
/// table's names, a feature without a county keeps its place with null names, and filters and sorting on the names work.
/// </summary>
public sealed class LookupNamesTests(ReadPathFixture api) : IClassFixture<ReadPathFixture>
{
    [Theory]
    [InlineData("projects", "projects", "sector_zh", "sectors", "sector")]
    [InlineData("planting-zones", "planting_zones", "category_zh", "zone_categories", "category")]
    [InlineData("enterprises", "enterprises", null, null, null)]
    [InlineData("industrial-parks", "industrial_parks", null, null, null)]
    [InlineData("ecological-areas", "ecological_areas", null, null, null)]
    public async Task Every_feature_has_the_names_of_its_county_and_code_from_their_tables(
        string collection, string table, string? codeName, string? codeTable, string? codeColumn)
    {
        var page = await api.Client.GetOkJsonAsync($"/collections/{collection}/items?limit=10000");
        var expected = (await api.Database.RowsAsync($"""
            SELECT t.id, c.name_zh, c.name_en, {(codeTable is null ? "NULL::text" : "v.name_zh")}
            FROM {table} t LEFT JOIN counties c ON c.code = t.county_code
            {(codeTable is null ? "" : $"LEFT JOIN {codeTable} v ON v.code = t.{codeColumn}")}
            """, r => (Id: r.GetString(0), Zh: r.IsDBNull(1) ? null : r.GetString(1), En: r.IsDBNull(2) ? null : r.GetString(2),
                Code: r.IsDBNull(3) ? null : r.GetString(3)))).ToDictionary(r => r.Id);

        var features = page.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(expected.Count, features.Count);
        Assert.Contains(expected.Values, e => e.Zh is not null);
        foreach (var feature in features)
        {
            var properties = feature.GetProperty("properties");
            var row = expected[feature.GetProperty("id").GetString()!];
            Assert.Equal(row.Zh, properties.GetProperty("county_name_zh").GetString());
            Assert.Equal(row.En, properties.GetProperty("county_name_en").GetString());
            if (codeName is not null) Assert.Equal(row.Code, properties.GetProperty(codeName).GetString());
        }
    }

    [Fact]
    public async Task A_project_without_a_county_is_listed_with_null_names_and_found_by_a_null_filter()
    {
        var countyless = await api.Database.IdsAsync("SELECT id FROM projects WHERE county_code IS NULL ORDER BY id");
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?limit=1000&filter=" + Uri.EscapeDataString("county_name_zh IS NULL"));

        Assert.NotEmpty(countyless);
        Assert.Equal(countyless, page.Ids());
        Assert.All(page.GetProperty("features").EnumerateArray(),
            f => Assert.Equal(System.Text.Json.JsonValueKind.Null, f.GetProperty("properties").GetProperty("county_name_en").ValueKind));
    }

    [Fact]
    public async Task Filters_and_sorting_on_joined_names_give_what_the_tables_say()
    {
        var byName = await api.Client.GetOkJsonAsync("/collections/projects/items?limit=1000&county_name_zh=" + Uri.EscapeDataString("密山市"));
        var byFilter = await api.Client.GetOkJsonAsync("/collections/projects/items?limit=1000&filter="
            + Uri.EscapeDataString("sector_zh = '生物医药' AND county_name_en LIKE 'M%'"));
        var sorted = await api.Client.WalkAsync("/collections/projects/items?limit=7&sortby=-county_name_en,sector_zh&properties=county_name_en");

        Assert.Equal(await api.Database.IdsAsync(
            "SELECT t.id FROM projects t JOIN counties c ON c.code = t.county_code WHERE c.name_zh = '密山市' ORDER BY t.id"), byName.Ids());
        Assert.NotEmpty(byName.Ids());
        Assert.Equal(await api.Database.IdsAsync("""
            SELECT t.id FROM projects t JOIN counties c ON c.code = t.county_code JOIN sectors s ON s.code = t.sector
            WHERE s.name_zh = '生物医药' AND c.name_en LIKE 'M%' ORDER BY t.id
            """), byFilter.Ids());
        Assert.Equal(await api.Database.IdsAsync("""
            SELECT t.id FROM projects t LEFT JOIN counties c ON c.code = t.county_code JOIN sectors s ON s.code = t.sector
            ORDER BY coalesce(c.name_en, '') DESC, s.name_zh, t.id
            """), sorted);
    }
}
