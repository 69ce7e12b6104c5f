using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spatial.Api.Tests.Features.Html;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary><c>offset</c> for OWSLib and older clients: the rows skipped, the next link a cursor, and the HTML pages' links without it.</summary>
[Collection(ApiTests.Name)]
public sealed partial class OffsetPagingTests(ApiFixture api)
{
    [GeneratedRegex("""<a href="[^"]*/items/([^"?]+)\?f=html""")]
    private static partial Regex FeatureLink();

    [Fact]
    public async Task Offset_skips_rows_in_the_page_order_and_the_next_link_goes_on_by_cursor_without_offset()
    {
        var all = await api.Database.IdsAsync("SELECT id FROM projects ORDER BY name_zh, id");
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?sortby=name_zh&limit=7&offset=30");
        var next = page.NextLink()!;

        Assert.Equal(all.Skip(30).Take(7), page.Ids());
        Assert.DoesNotContain("offset", next, StringComparison.Ordinal);
        Assert.Contains("cursor=", next, StringComparison.Ordinal);
        Assert.Equal(all.Skip(37), await api.Client.WalkAsync(next));
    }

    [Fact]
    public async Task Offset_applies_after_a_filter_and_past_the_last_row_gives_an_empty_page_without_next()
    {
        var bioEnergy = await api.Database.IdsAsync("SELECT id FROM projects WHERE sector = 'bio_energy' ORDER BY id");
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?filter=sector%3D%27bio_energy%27&offset=2&limit=2");
        var beyond = await api.Client.GetOkJsonAsync("/collections/projects/items?offset=100000");

        Assert.True(bioEnergy.Count > 4, "too few bio_energy projects");
        Assert.Equal(bioEnergy.Skip(2).Take(2), page.Ids());
        Assert.Empty(beyond.Ids());
        Assert.Null(beyond.NextLink());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100001")]
    [InlineData("1e3")]
    [InlineData("ten")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public async Task An_offset_outside_0_to_100000_is_a_problem_naming_offset(string offset)
    {
        var (response, body) = await api.Client.GetJsonAsync("/collections/projects/items?offset=" + Uri.EscapeDataString(offset));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("offset", body.GetProperty("parameter").GetString());
        Assert.StartsWith($"offset: '{offset}' is not a whole number from 0 to 100000", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_page_takes_offset_and_its_first_previous_and_next_links_keep_lang_but_not_offset()
    {
        var all = await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id");
        var page = await api.Client.GetHtmlAsync("/collections/projects/items?f=html&lang=en&limit=5&offset=12");
        var (first, prev, next) = (page.Rel("first")!, page.Rel("prev")!, page.Rel("next")!);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(all.Skip(12).Take(5), Ids(page));
        Assert.All([first, prev, next], link =>
        {
            Assert.DoesNotContain("offset", link, StringComparison.Ordinal);
            Assert.Contains("lang=en", link, StringComparison.Ordinal);
        });
        Assert.Equal(all.Take(5), Ids(await api.Client.GetHtmlAsync(first)));
        Assert.Equal(all.Skip(7).Take(5), Ids(await api.Client.GetHtmlAsync(prev)));
        Assert.Equal(all.Skip(17).Take(5), Ids(await api.Client.GetHtmlAsync(next)));
    }

    [Fact]
    public async Task Offset_with_before_is_a_problem_naming_offset()
    {
        var answer = await api.Client.GetHtmlAsync("/collections/projects/items?f=html&before=WyJKWC0wMSJd&offset=3");

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (answer.Status, answer.MediaType));
        Assert.StartsWith("offset: given with before", JsonDocument.Parse(answer.Html).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_lang_cql_text_is_read_as_cql2_text()
    {
        var inMishan = await api.Database.IdsAsync("SELECT id FROM projects WHERE county_code = '230382' ORDER BY id");
        var page = await api.Client.GetOkJsonAsync("/collections/projects/items?filter-lang=cql-text&filter=county_code%3D%27230382%27&limit=1000");

        Assert.NotEmpty(inMishan);
        Assert.Equal(inMishan, page.Ids());
    }

    private static List<string> Ids(HtmlAnswer page) =>
        FeatureLink().Matches(page.Html).Select(m => Uri.UnescapeDataString(WebUtility.HtmlDecode(m.Groups[1].Value))).ToList();
}
