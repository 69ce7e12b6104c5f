using System.Net;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Html;

/// <summary>
/// A name written through the API with markup in it is text on every page for people: escaped in the table, the
/// attributes, the title and the map's data, never an element. The database is this class's own.
/// </summary>
public sealed class HtmlEscapingTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    private const string Markup = "<img src=x onerror=alert(1)>";
    private const string Escaped = "&lt;img src=x onerror=alert(1)&gt;";
    private const string ClosesTheData = "</script><script>alert(2)</script>";

    private async Task<string> CreateAsync(string nameZh, string nameEn)
    {
        var (model, _) = await editing.Client.ReadFeatureAsync("projects", await editing.Database.ReferenceIdAsync("projects"));
        model.Remove("id");
        model.Remove("links");
        model["properties"]!["name_zh"] = nameZh;
        model["properties"]!["name_en"] = nameEn;
        model["properties"]!["source_ref"] = "html escaping test";
        var created = await editing.Client.CreateAsync("projects", editing.Keys[Role.LandOfficer], model.ToJsonString());
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return Uri.UnescapeDataString(created.Headers.Location!.ToString().Split('/')[^1]);
    }

    [Fact]
    public async Task Markup_in_a_name_written_through_the_api_is_escaped_text_on_the_items_page_and_the_feature_page()
    {
        var id = await CreateAsync(Markup, ClosesTheData);
        var items = await editing.Client.GetHtmlAsync($"/collections/projects/items?f=html&source_ref={Uri.EscapeDataString("html escaping test")}");
        var feature = await editing.Client.GetHtmlAsync($"/collections/projects/items/{id}?f=html");

        foreach (var page in new[] { items, feature })
        {
            Assert.Equal((HttpStatusCode.OK, "text/html"), (page.Status, page.MediaType));
            Assert.DoesNotContain(Markup, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(ClosesTheData, page.Html, StringComparison.Ordinal);
            // Leaflet, web/html/map.js and the map's data block: no script of the data's own.
            Assert.Equal((3, 3), (Count(page.Html, "<script"), Count(page.Html, "</script>")));
            Assert.Contains($"<td>{Escaped}</td>", page.Html, StringComparison.Ordinal);
        }
        Assert.Contains($"<title>{Escaped} ({id}) · Spatial</title>", feature.Html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{Escaped} ({id})</h1>", feature.Html, StringComparison.Ordinal);
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}
