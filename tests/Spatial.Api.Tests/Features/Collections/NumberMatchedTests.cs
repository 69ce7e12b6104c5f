using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// numberMatched is exact where that is cheap and left out elsewhere (OGC API – Features allows it): the whole layer
/// has the layer's count (kept per version), a filtered page of a layer larger than CountMatchedUpTo (here 20; the
/// 65 projects) says it only when it is the first and last page at once; a small layer counts every filter.
/// </summary>
public sealed class NumberMatchedTests(ReadPathFixture api) : IClassFixture<ReadPathFixture>
{
    private Task<long> CountAsync(string where = "true") => api.Database.ScalarAsync<long>($"SELECT count(*) FROM projects WHERE {where}");

    private static long? Matched(JsonElement page) => page.TryGetProperty("numberMatched", out var m) ? m.GetInt64() : null;

    [Fact]
    public async Task A_page_of_the_whole_layer_has_the_layers_count_and_follows_a_write()
    {
        var before = await api.Client.GetOkJsonAsync("/collections/projects/items?limit=5");
        await api.Database.ScalarAsync<int>("""
            WITH i AS (INSERT INTO projects (id, name_zh, name_en, sector, summary_zh, status, scope, plan, source_ref)
                       VALUES ('NM-1', '计数项目', 'Counted project', 'bio_energy', '计数', 'planned', 'site', 'jixi-2022', 'nm-1') RETURNING 1)
            SELECT count(*)::int FROM i
            """);
        var after = await api.Client.GetOkJsonAsync("/collections/projects/items?limit=5&sortby=name_en");

        Assert.True(await CountAsync() > ReadPathFixture.CountMatchedUpTo);
        Assert.Equal(await CountAsync() - 1, Matched(before));
        Assert.Equal(await CountAsync(), Matched(after));
        Assert.Equal(5, after.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task A_filtered_page_of_a_large_layer_with_more_to_come_leaves_numberMatched_out()
    {
        await api.Client.GetOkJsonAsync("/collections/projects/items?limit=1");   // the layer's size is known from here on
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?sector=bio_agriculture&limit=2");

        Assert.True(await CountAsync("sector = 'bio_agriculture'") > 2);
        Assert.Null(Matched(page));
        Assert.Equal(2, page.GetProperty("numberReturned").GetInt32());
        Assert.NotNull(page.NextLink());
    }

    [Fact]
    public async Task A_filtered_first_page_that_is_also_the_last_has_the_exact_count_and_a_later_last_page_has_none()
    {
        await api.Client.GetOkJsonAsync("/collections/projects/items?limit=1");
        var all = await api.Client.GetOkJsonAsync("/collections/projects/items?sector=bio_agriculture&limit=1000");
        var first = await api.Client.GetOkJsonAsync("/collections/projects/items?sector=bio_agriculture&limit=3");
        var pages = new List<JsonElement>();
        for (var url = first.NextLink(); url is not null; url = pages[^1].NextLink()) pages.Add(await api.Client.GetOkJsonAsync(url));

        Assert.Equal(await CountAsync("sector = 'bio_agriculture'"), Matched(all));
        Assert.Equal(all.GetProperty("numberReturned").GetInt64(), Matched(all));
        Assert.NotEmpty(pages);
        Assert.Null(pages[^1].NextLink());
        Assert.All(pages, p => Assert.Null(Matched(p)));
    }

    [Fact]
    public async Task A_bbox_page_of_a_large_layer_leaves_it_out_and_a_small_layer_counts_its_filter()
    {
        await api.Client.GetOkJsonAsync("/collections/projects/items?limit=1");
        await api.Client.GetOkJsonAsync("/collections/industrial-parks/items?limit=1");
        var projects = await api.Client.GetOkJsonAsync("/collections/projects/items?bbox=130,44,134,47&limit=2");
        var parks = await api.Client.GetOkJsonAsync("/collections/industrial-parks/items?bbox=130,44,134,47&limit=2");
        var parksInBox = await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM industrial_parks WHERE ST_Intersects(geom, ST_MakeEnvelope(130, 44, 134, 47, 4490))");

        Assert.Null(Matched(projects));
        Assert.True(await api.Database.ScalarAsync<long>("SELECT count(*) FROM industrial_parks") <= ReadPathFixture.CountMatchedUpTo);
        Assert.Equal(parksInBox, Matched(parks));
        Assert.True(parksInBox > 2);
    }
}
