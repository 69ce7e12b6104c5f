using System.Text;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Counties;

[Collection(ApiTests.Name)]
public sealed class CountyTests(ApiFixture api)
{
    [Fact]
    public async Task The_mishan_summary_has_zone_areas_by_category_as_postgis_computes_them_in_m2_ha_and_mu()
    {
        var summary = await api.Client.GetOkJsonAsync("/counties/230382/summary");
        var truth = (await api.Database.RowsAsync("""
            SELECT z.category, count(*), sum(ST_Area(ST_Intersection(z.geom, c.geom)::geography))
            FROM planting_zones z JOIN counties c ON c.code = '230382' AND ST_Intersects(z.geom, c.geom)
            GROUP BY z.category HAVING sum(ST_Area(ST_Intersection(z.geom, c.geom)::geography)) > 0
            """, r => (Category: r.GetString(0), Zones: r.GetInt64(1), M2: r.GetDouble(2)))).ToDictionary(r => r.Category);
        var categories = summary.GetProperty("planting_zones_by_category").EnumerateArray().ToList();

        Assert.Equal("密山市", summary.GetProperty("county").GetProperty("name_zh").GetString());
        Assert.Equal(truth.Count, categories.Count);
        foreach (var c in categories)
        {
            var t = truth[c.GetProperty("category").GetString()!];
            Assert.Equal(t.Zones, c.GetProperty("zones").GetInt64());
            Assert.Equal(t.M2, c.GetProperty("area_m2").GetDouble(), 0.01);
            Assert.Equal(Math.Round(t.M2 / 10_000, 4), c.GetProperty("area_ha").GetDouble(), 1e-9);
            Assert.Equal(Math.Round(t.M2 * 15 / 10_000, 2), c.GetProperty("area_mu").GetDouble(), 1e-9);
        }
    }

    [Fact]
    public async Task The_summary_counts_parks_projects_by_sector_with_investment_totals_and_ecological_areas()
    {
        var summary = await api.Client.GetOkJsonAsync("/counties/230381/summary");
        var bySector = (await api.Database.RowsAsync(
            "SELECT sector, count(*), coalesce(sum(investment_cny), 0) FROM projects WHERE county_code = '230381' GROUP BY sector",
            r => (Sector: r.GetString(0), Count: r.GetInt64(1), Investment: r.GetDecimal(2)))).ToDictionary(r => r.Sector);
        var parks = await api.Database.IdsAsync("SELECT id FROM industrial_parks WHERE county_code = '230381' ORDER BY id");
        var ecological = await api.Database.IdsAsync(
            "SELECT e.id FROM ecological_areas e JOIN counties c ON c.code = '230381' AND ST_Intersects(e.geom, c.geom) ORDER BY e.id");

        var sectors = summary.GetProperty("projects_by_sector").EnumerateArray().ToList();
        Assert.Equal(bySector.Count, sectors.Count);
        foreach (var s in sectors)
        {
            var t = bySector[s.GetProperty("sector").GetString()!];
            Assert.Equal(t.Count, s.GetProperty("projects").GetInt64());
            Assert.Equal(t.Investment, s.GetProperty("investment_cny").GetDecimal());
        }
        Assert.Equal(bySector.Values.Sum(v => v.Investment), summary.GetProperty("investment_total_cny").GetDecimal());
        Assert.Equal(parks.Count, summary.GetProperty("industrial_parks").GetProperty("count").GetInt32());
        Assert.Equal(ecological, summary.GetProperty("ecological_areas").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order().ToList());
    }

    [Fact]
    public async Task The_csv_export_starts_with_a_utf8_bom_and_keeps_chinese_intact()
    {
        using var response = await api.Client.GetAsync(new Uri("/counties/230382/summary?f=csv", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("密山市月见草、刺五加、紫苏种植区", text, StringComparison.Ordinal);
        Assert.Contains("county,230382,密山市,Mishan City", text, StringComparison.Ordinal);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task County_zones_give_the_part_of_each_zone_inside_the_county_and_filter_by_category()
    {
        var all = await api.Client.GetOkJsonAsync("/counties/230321/zones");
        var rice = await api.Client.GetOkJsonAsync("/counties/230321/zones?category=rice");
        var truth = (await api.Database.RowsAsync("""
            SELECT z.id, ST_Area(ST_Intersection(z.geom, c.geom)::geography) FROM planting_zones z
            JOIN counties c ON c.code = '230321' AND ST_Intersects(z.geom, c.geom) ORDER BY z.category, z.id
            """, r => (r.GetString(0), r.GetDouble(1)))).Where(r => r.Item2 > 0).ToList();

        var zones = all.GetProperty("zones").EnumerateArray().ToList();
        Assert.Equal(truth.Select(t => t.Item1), zones.Select(z => z.GetProperty("id").GetString()));
        for (var i = 0; i < zones.Count; i++) Assert.Equal(truth[i].Item2, zones[i].GetProperty("area_in_county_m2").GetDouble(), 0.01);
        Assert.Equal(["jx-rice-donghai"], rice.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_statistics_cross_table_adds_up_to_the_zone_area_inside_the_counties()
    {
        var table = await api.Client.GetOkJsonAsync("/statistics/zones?group-by=county,category");
        var byCategory = await api.Client.GetOkJsonAsync("/statistics/zones?group-by=category");
        var inside = await api.Database.ScalarAsync<double>("""
            SELECT sum(ST_Area(ST_Intersection(z.geom, c.geom)::geography)) FROM planting_zones z JOIN counties c ON ST_Intersects(z.geom, c.geom)
            """);
        var whole = await api.Database.ScalarAsync<double>("SELECT sum(ST_Area(geom::geography)) FROM planting_zones");

        Assert.Equal(inside, table.GetProperty("total_area_m2").GetDouble(), 0.1);
        Assert.Equal(whole, byCategory.GetProperty("total_area_m2").GetDouble(), 0.1);
        Assert.Equal(27, byCategory.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("zones").GetInt32()));
        Assert.Contains(table.GetProperty("rows").EnumerateArray(), r =>
            r.GetProperty("county_code").GetString() == "231081" && r.GetProperty("category").GetString() == "edible_fungi"
            && r.GetProperty("zones").GetInt32() == 3);
    }
}
