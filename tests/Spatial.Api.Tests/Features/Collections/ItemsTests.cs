using System.Net;
using System.Net.Http.Headers;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

// A database of this class's own (a class fixture, not the shared collection): it inserts rows while paging and touches a layer to change its ETag,
// which the other classes must not see.
public sealed class ItemsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string MishanBbox = "131.5,45.0,133.2,45.9";

    [Fact]
    public async Task A_page_is_geojson_with_counts_typed_links_and_the_crs_header()
    {
        using var response = await api.Client.GetAsync(new Uri("/collections/projects/items?limit=5", UriKind.Relative));
        var page = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
        Assert.Equal("FeatureCollection", page.GetProperty("type").GetString());
        Assert.Equal(65, page.GetProperty("numberMatched").GetInt32());
        Assert.Equal(5, page.GetProperty("numberReturned").GetInt32());
        Assert.True(DateTimeOffset.TryParse(page.GetProperty("timeStamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var links = page.GetProperty("links").EnumerateArray().Select(l => (Rel: l.GetProperty("rel").GetString()!, Type: l.GetProperty("type").GetString())).ToList();
        var rels = links.Where(l => l.Rel != "alternate").ToDictionary(l => l.Rel, l => l.Type);
        Assert.Equal("application/geo+json", rels["self"]);
        Assert.Equal("application/geo+json", rels["next"]);
        Assert.Equal("application/json", rels["collection"]);
        Assert.Equal(["text/csv", "text/html", "application/geopackage+sqlite3", "application/zip", "application/vnd.google-earth.kml+xml", "image/vnd.dxf"],
            links.Where(l => l.Rel == "alternate").Select(l => l.Type));
    }

    [Fact]
    public async Task The_default_page_is_100_and_walking_next_links_returns_every_project_once_in_id_order()
    {
        var firstPage = await api.Client.GetOkJsonAsync("/collections/projects/items");
        var walked = await api.Client.WalkAsync("/collections/projects/items?limit=7");
        var truth = await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id");

        Assert.Equal(65, firstPage.GetProperty("numberReturned").GetInt32());
        Assert.Null(firstPage.NextLink());
        Assert.Equal(truth, walked);
    }

    [Fact]
    public async Task Next_links_keep_the_bbox_and_every_other_parameter()
    {
        var first = await api.Client.GetOkJsonAsync($"/collections/projects/items?bbox={MishanBbox}&limit=2&properties=name_zh&sortby=name_zh");
        var next = new Uri(first.NextLink()!);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(next.Query);

        Assert.Equal(MishanBbox, query["bbox"].ToString());
        Assert.Equal("2", query["limit"].ToString());
        Assert.Equal("name_zh", query["properties"].ToString());
        Assert.Equal("name_zh", query["sortby"].ToString());
        Assert.True(query.ContainsKey("cursor"));
    }

    [Fact]
    public async Task A_bbox_selects_what_postgis_finds_intersecting_it_across_pages()
    {
        var walked = await api.Client.WalkAsync($"/collections/projects/items?bbox={MishanBbox}&limit=3");
        var truth = await api.Database.IdsAsync(
            "SELECT id FROM projects WHERE ST_Intersects(geom, ST_MakeEnvelope(131.5, 45.0, 133.2, 45.9, 4490)) ORDER BY id");

        Assert.NotEmpty(truth);
        Assert.Equal(truth, walked);
    }

    [Fact]
    public async Task Paging_stays_exact_while_rows_are_inserted_between_pages()
    {
        var first = await api.Client.GetOkJsonAsync("/collections/projects/items?limit=20&properties=name_zh");
        await api.Database.ScalarAsync<int>("""
            INSERT INTO projects (id, name_zh, name_en, sector, summary_zh, status, scope, plan, source_ref)
            VALUES ('AA-TEST-1', '测试项目甲', 'Test A', 'bio_energy', '测试', 'planned', 'site', 'jixi-2022', 'test #1'),
                   ('ZZ-TEST-1', '测试项目乙', 'Test B', 'bio_energy', '测试', 'planned', 'site', 'jixi-2022', 'test #2')
            RETURNING 1
            """);
        try
        {
            var rest = await api.Client.WalkAsync(first.NextLink()!);
            var seen = first.Ids().Concat(rest).ToList();

            Assert.Equal(seen.Distinct().Count(), seen.Count);
            Assert.DoesNotContain("AA-TEST-1", seen); // sorts before the cursor: not seen, nothing shifted
            Assert.Contains("ZZ-TEST-1", seen);
            Assert.Equal(66, seen.Count);
        }
        finally
        {
            await api.Database.ScalarAsync<int>("WITH d AS (DELETE FROM projects WHERE id LIKE '%-TEST-%' RETURNING 1) SELECT count(*)::int FROM d");
        }
    }

    [Fact]
    public async Task Areal_features_carry_ellipsoidal_area_in_square_metres_hectares_and_mu()
    {
        var page = await api.Client.GetOkJsonAsync("/collections/planting-zones/items?limit=100");
        var truth = (await api.Database.RowsAsync("SELECT id, ST_Area(geom::geography) FROM planting_zones", r => (r.GetString(0), r.GetDouble(1))))
            .ToDictionary(r => r.Item1, r => r.Item2);

        Assert.NotEmpty(truth);
        Assert.Equal(truth.Keys.Order(StringComparer.Ordinal), page.Ids().Order(StringComparer.Ordinal));
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var m2 = truth[feature.GetProperty("id").GetString()!];
            Assert.Equal(m2, properties.GetProperty("area_m2").GetDouble(), 0.01);
            Assert.Equal(m2 / 10_000, properties.GetProperty("area_ha").GetDouble(), 0.0001);
            Assert.Equal(m2 * 15 / 10_000, properties.GetProperty("area_mu").GetDouble(), 0.01);
        }
    }

    [Fact]
    public async Task Epsg_4490_and_4326_answer_in_latitude_longitude_order_crs84_in_longitude_latitude()
    {
        var crs84 = await api.Client.GetOkJsonAsync("/collections/enterprises/items/ent-zhenbaodao");
        using var response = await api.Client.GetAsync(new Uri(
            "/collections/enterprises/items/ent-zhenbaodao?crs=http://www.opengis.net/def/crs/EPSG/0/4490", UriKind.Relative));
        var latLon = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var a = crs84.GetProperty("geometry").GetProperty("coordinates");
        var b = latLon.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4490>", response.Headers.GetValues("Content-Crs").Single());
        Assert.InRange(a[0].GetDouble(), 130, 135);
        Assert.Equal(a[0].GetDouble(), b[1].GetDouble(), 1e-9);
        Assert.Equal(a[1].GetDouble(), b[0].GetDouble(), 1e-9);
    }

    [Theory]
    [InlineData(4532, 44_000_000)]
    [InlineData(4553, 0)]
    public async Task Gauss_kruger_output_is_northing_then_easting_and_matches_postgis(int srid, double prefix)
    {
        var feature = await api.Client.GetOkJsonAsync($"/collections/enterprises/items/ent-zhenbaodao?crs=http://www.opengis.net/def/crs/EPSG/0/{srid}");
        var xy = (await api.Database.RowsAsync($"SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(geom, {srid}) p FROM enterprises WHERE id = 'ent-zhenbaodao') x",
            r => (E: r.GetDouble(0), N: r.GetDouble(1))))[0];
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");

        Assert.Equal(xy.N, coordinates[0].GetDouble(), 0.001);
        Assert.Equal(xy.E, coordinates[1].GetDouble(), 0.001);
        Assert.InRange(coordinates[1].GetDouble() - prefix, 300_000, 700_000);
    }

    [Fact]
    public async Task A_bbox_in_epsg_4326_is_read_latitude_first_and_selects_the_same_as_crs84()
    {
        var crs84 = await api.Client.WalkAsync($"/collections/projects/items?bbox={MishanBbox}");
        var epsg4326 = await api.Client.WalkAsync("/collections/projects/items?bbox=45.0,131.5,45.9,133.2&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326");

        Assert.NotEmpty(crs84);
        Assert.Equal(crs84, epsg4326);
    }

    [Fact]
    public async Task A_projected_bbox_selects_what_postgis_finds_in_that_zone()
    {
        // 鸡冠区 around its seat in CGCS2000 GK zone 44 with the zone prefix (northing first).
        var walked = await api.Client.WalkAsync(
            "/collections/projects/items?bbox=5010000,44410000,5030000,44430000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4532");
        var truth = await api.Database.IdsAsync(
            "SELECT id FROM projects WHERE ST_Intersects(ST_Transform(geom, 4532), ST_MakeEnvelope(44410000, 5010000, 44430000, 5030000, 4532)) ORDER BY id");

        Assert.NotEmpty(truth);
        Assert.Equal(truth, walked);
    }

    [Fact]
    public async Task Queryables_as_parameters_filter_by_equality_and_repeat_as_any_of()
    {
        var one = await api.Client.WalkAsync("/collections/projects/items?county_code=230382&sector=bio_energy");
        var either = await api.Client.WalkAsync("/collections/projects/items?sector=bio_energy&sector=bio_environmental");
        var crop = await api.Client.WalkAsync("/collections/planting-zones/items?crops_zh=刺五加");

        var all = await api.Database.ScalarAsync<long>("SELECT count(*) FROM projects");

        Assert.NotEmpty(one);
        Assert.True(one.Count < either.Count && either.Count < all, $"{one.Count} ⊂ {either.Count} ⊂ {all}");
        Assert.Equal(await api.Database.IdsAsync("SELECT id FROM projects WHERE county_code = '230382' AND sector = 'bio_energy' ORDER BY id"), one);
        Assert.Equal(await api.Database.IdsAsync("SELECT id FROM projects WHERE sector IN ('bio_energy', 'bio_environmental') ORDER BY id"), either);
        Assert.Equal(await api.Database.IdsAsync("SELECT id FROM planting_zones WHERE '刺五加' = ANY(crops_zh) ORDER BY id"), crop);
        Assert.Equal(3, crop.Count);
    }

    [Fact]
    public async Task Sortby_orders_like_postgres_and_pages_through_ties_and_nulls_exactly()
    {
        var walked = await api.Client.WalkAsync("/collections/projects/items?sortby=-investment_cny,name_zh&limit=4");
        var truth = await api.Database.IdsAsync("SELECT id FROM projects ORDER BY investment_cny DESC NULLS LAST, name_zh, id");

        Assert.Equal(truth, walked);
        Assert.Equal(["SFH-1-5", "SFH-4-1", "JX-02"], walked.Take(3)); // three at 10亿, then by name in code-point order: 口 < 绥 < 黑
        Assert.Equal("JX-01", walked[4]);                              // 4.9亿 after the 5亿 of JX-05
        var withoutInvestment = await api.Database.IdsAsync("SELECT id FROM projects WHERE investment_cny IS NULL ORDER BY id");
        Assert.Equal(withoutInvestment, walked.TakeLast(withoutInvestment.Count).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("sector")]
    [InlineData("-sector")]
    [InlineData("plan,-sector")]
    [InlineData("-updated_at")]
    public async Task Paging_through_ties_on_every_sort_key_falls_back_to_the_id_and_loses_or_repeats_nothing(string sortBy)
    {
        var walked = await api.Client.WalkAsync($"/collections/projects/items?sortby={Uri.EscapeDataString(sortBy)}&limit=2&properties=name_zh");
        var order = string.Join(", ", sortBy.Split(',').Select(k => k.StartsWith('-') ? k[1..] + " DESC" : k));
        var truth = await api.Database.IdsAsync($"SELECT id FROM projects ORDER BY {order}, id");
        var ties = await api.Database.ScalarAsync<long>($"SELECT count(*) FROM (SELECT 1 FROM projects GROUP BY {order.Replace(" DESC", "", StringComparison.Ordinal)} HAVING count(*) > 2) x");

        Assert.True(ties > 0, "no key value shared by more than a page of rows");
        Assert.Equal(truth, walked);
    }

    [Fact]
    public async Task Properties_returns_only_the_properties_asked_for()
    {
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?properties=name_zh,sector&limit=3");

        Assert.Equal(3, page.Ids().Count);
        Assert.All(page.GetProperty("features").EnumerateArray(), f =>
            Assert.Equal(["name_zh", "sector"], f.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray()));
    }

    [Fact]
    public async Task One_feature_has_its_attributes_links_and_a_404_problem_when_unknown()
    {
        var feature = await api.Client.GetOkJsonAsync("/collections/projects/items/JX-28");
        var (missing, problem) = await api.Client.GetJsonAsync("/collections/projects/items/JX-99");

        Assert.Equal("JX-28", feature.GetProperty("id").GetString());
        Assert.Equal("密山市吉电智慧新能源有限公司年产6万吨生物质新型燃料项目", feature.GetProperty("properties").GetProperty("name_zh").GetString());
        Assert.Equal(36000, feature.GetProperty("properties").GetProperty("land_area_m2").GetDouble());
        Assert.Contains(feature.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "collection");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JX-99", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_programme_without_a_site_is_a_feature_with_null_geometry()
    {
        var feature = await api.Client.GetOkJsonAsync("/collections/projects/items/JX-12");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, feature.GetProperty("geometry").ValueKind);
        Assert.Equal("programme", feature.GetProperty("properties").GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Items_answer_304_to_a_matching_etag_or_date_until_the_layer_changes()
    {
        const string url = "/collections/ecological-areas/items?limit=3";
        using var first = await api.Client.GetAsync(new Uri(url, UriKind.Relative));
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var byTag = new HttpRequestMessage(HttpMethod.Get, url);
        byTag.Headers.IfNoneMatch.Add(etag);
        using var notModified = await api.Client.SendAsync(byTag);
        using var byDate = new HttpRequestMessage(HttpMethod.Get, url);
        byDate.Headers.IfModifiedSince = lastModified;
        using var notModifiedByDate = await api.Client.SendAsync(byDate);

        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, notModifiedByDate.StatusCode);

        await api.Database.ScalarAsync<int>("WITH u AS (UPDATE ecological_areas SET name_en = name_en WHERE id = 'jx-eco-yueya' RETURNING 1) SELECT count(*)::int FROM u");
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        using var changed = await api.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Collection_metadata_answers_304_to_its_etag()
    {
        using var first = await api.Client.GetAsync(new Uri("/collections/projects", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/collections/projects");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task The_csv_alternate_has_a_bom_a_column_per_property_wkt_geometry_and_a_next_link_header()
    {
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?limit=3");
        var alternate = page.GetProperty("links").EnumerateArray()
            .Single(l => l.GetProperty("rel").GetString() == "alternate" && l.GetProperty("type").GetString() == "text/csv");
        using var response = await api.Client.GetAsync(new Uri(alternate.GetProperty("href").GetString()!));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = System.Text.Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", alternate.GetProperty("type").GetString());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("id,name_zh,name_en,sector,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",wkt", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("JX-01,黑龙江珍宝岛药业股份有限公司化药原料药三期工程,", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"MULTIPOLYGON(((130.", lines[1], StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }
}
