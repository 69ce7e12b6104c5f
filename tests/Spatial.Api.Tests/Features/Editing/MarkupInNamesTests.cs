using System.Text.Json;
using System.Text.Json.Nodes;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// A name is data: markup typed into it is stored as typed and served back as the same JSON string, in
/// the write's answer, the feature and the page of features (the map's side is Spatial.Web.Tests').
/// </summary>
public sealed class MarkupInNamesTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    private const string Image = "<img src=x onerror=alert(1)>";
    private const string Script = "</script><script>alert(\"名\")</script>&amp; <b>粗</b>";

    [Fact]
    public async Task A_name_with_html_is_stored_verbatim_and_served_back_verbatim_in_json()
    {
        const string id = "markup-in-names";
        var (model, _) = await editing.Client.ReadFeatureAsync("planting-zones", await editing.Database.ReferenceIdAsync("planting_zones"));
        model["id"] = id;
        model["properties"]!["name_zh"] = Image;
        model["properties"]!["name_en"] = Script;

        var created = await editing.Client.CreateAsync("planting-zones", editing.Keys[Role.Planner], model.ToJsonString());

        Assert.True(created.Code == 201, created.ToString());
        Assert.Equal(Image, await editing.Database.TextAsync("planting_zones", id, "name_zh"));
        Assert.Equal(Script, await editing.Database.TextAsync("planting_zones", id, "name_en"));
        var (feature, _) = await editing.Client.ReadFeatureAsync("planting-zones", id);
        var page = await editing.Client.GetOkJsonAsync("/collections/planting-zones/items?limit=1000");
        var listed = page.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id).GetProperty("properties");
        foreach (var properties in new[] { created.Json.GetProperty("properties"), JsonSerializer.Deserialize<JsonElement>(feature["properties"]!.ToJsonString()), listed })
        {
            Assert.Equal(Image, properties.GetProperty("name_zh").GetString());
            Assert.Equal(Script, properties.GetProperty("name_en").GetString());
        }
        Assert.Equal("application/geo+json", created.ContentType);
    }

    [Fact]
    public async Task A_patch_with_markup_is_stored_verbatim_too()
    {
        const string id = "markup-patched";
        await editing.Database.CopyAsync("planting_zones", id);
        var (_, etag) = await editing.Client.ReadFeatureAsync("planting-zones", id);

        var answer = await editing.Client.UpdateAsync("planting-zones", id, editing.Keys[Role.Planner],
            new JsonObject { ["properties"] = new JsonObject { ["operator_zh"] = Script } }.ToJsonString(), etag);

        Assert.True(answer.Code == 200, answer.ToString());
        Assert.Equal(Script, await editing.Database.TextAsync("planting_zones", id, "operator_zh"));
        Assert.Equal(Script, answer.Json.GetProperty("properties").GetProperty("operator_zh").GetString());
    }
}
