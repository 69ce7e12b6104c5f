using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>A CQL2 JSON body POSTed to /items (OWSLib's <c>cql=</c>): 303 to the GET with the filter, or a problem naming the body.</summary>
[Collection(ApiTests.Name)]
public sealed class PostedFilterTests(ApiFixture api)
{
    private const string BioEnergy = """{"op": "=", "args": [{"property": "sector"}, "bio_energy"]}""";

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string url, string body, string contentType = "application/json")
    {
        using var client = api.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_chinese_filter_keeps_its_letters_in_the_filter_it_redirects_to()
    {
        var posted = Spatial.Api.Features.Collections.PostedFilter.Read(Encoding.UTF8.GetBytes(
            """{"op": "=", "args": [{"property": "name_zh"}, "鸡西市<生物>"]}"""));

        Assert.Equal("""{"op":"=","args":[{"property":"name_zh"},"鸡西市<生物>"]}""", posted.Filter);
    }

    [Fact]
    public async Task A_cql2_json_body_is_answered_303_to_the_get_with_the_filter_and_every_other_parameter()
    {
        var (response, _) = await PostAsync("/collections/projects/items?limit=3&sortby=name_zh", BioEnergy);
        var location = response.Headers.Location!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        var page = await api.Client.GetOkJsonAsync(location.PathAndQuery);
        var truth = await api.Database.IdsAsync("SELECT id FROM projects WHERE sector = 'bio_energy' ORDER BY name_zh, id LIMIT 3");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/collections/projects/items", location.AbsolutePath);
        Assert.Equal(("3", "name_zh", "cql2-json"), (query["limit"].ToString(), query["sortby"].ToString(), query["filter-lang"].ToString()));
        Assert.Equal("""{"op":"=","args":[{"property":"sector"},"bio_energy"]}""", query["filter"].ToString());
        Assert.Equal(truth, page.Ids());
    }

    [Theory]
    [InlineData("""{"op": "=", "args": [{"property": "sector"}]}""", "body: $.args: '=' takes 2 arguments, found 1")]
    [InlineData("""{"args": []}""", "body: $: expected an object with \"op\" and \"args\"")]
    public async Task A_broken_filter_body_is_a_problem_naming_the_body_and_where(string body, string detail)
    {
        var (response, text) = await PostAsync("/collections/projects/items", body);
        var problem = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("body", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_filter_in_both_the_url_and_the_body_is_a_problem_naming_filter()
    {
        var (response, text) = await PostAsync("/collections/projects/items?filter=sector%3D%27x%27", BioEnergy);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("filter: given in the URL and a filter in the body", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_whose_url_would_be_too_long_is_a_413_problem()
    {
        // 15 000 backslashes: 30 000 characters of JSON (a filter may have 32 768), three times as many percent-encoded (%5C).
        var backslashes = new string('\\', 30_000);
        var (response, text) = await PostAsync("/collections/projects/items", $$"""{"op":"=","args":[{"property":"sector"},"{{backslashes}}"]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("body: the filter makes a URL of", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_body_larger_than_a_filter_is_read_is_a_413_naming_the_limit_not_a_feature()
    {
        // 200 KiB of spaces after the filter: the body's length, not the filter's, is over the limit.
        var (response, text) = await PostAsync("/collections/projects/items", BioEnergy + new string(' ', 200 * 1024));
        var problem = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("body", problem.GetProperty("parameter").GetString());
        Assert.Equal(Spatial.Api.Features.Collections.PostedFilter.MaxBodyBytes, problem.GetProperty("limit").GetInt32());
        Assert.StartsWith("body: a JSON object without 'type' is read as a CQL2 JSON filter, and one is read up to 128 KiB",
            problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_whose_shape_the_first_128_KiB_do_not_tell_is_creates_and_asks_for_credentials_first()
    {
        // 200 KiB of spaces inside the filter: neither a 'type' nor the object's end within what is read before
        // anyone is authenticated, so the body goes to Create, which reads nothing of it for an anonymous client.
        var padded = BioEnergy.Replace("\"args\":", "\"args\":" + new string(' ', 200 * 1024), StringComparison.Ordinal);
        var (response, text) = await PostAsync("/collections/projects/items", padded);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("filter", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_large_feature_posted_as_application_json_is_still_a_feature_for_create()
    {
        var name = new string('x', 200 * 1024);
        var (response, _) = await PostAsync("/collections/projects/items", $$"""{"type": "Feature", "properties": {"name_zh": "{{name}}"}, "geometry": null}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_api_definition_lists_the_posted_filter_on_every_collection_and_the_create_only_where_a_role_writes()
    {
        var paths = (await api.Client.GetOkJsonAsync("/api")).GetProperty("paths");
        var editable = await api.Database.RowsAsync("SELECT DISTINCT replace(layer, '_', '-') FROM role_layers", r => r.GetString(0));

        foreach (var collection in Spatial.Api.Features.Collections.CollectionCatalog.All)
        {
            var post = paths.GetProperty($"/collections/{collection.Id}/items").GetProperty("post");
            var responses = post.GetProperty("responses");
            Assert.True(responses.TryGetProperty("303", out _), $"{collection.Id}: no 303 for a POSTed filter");
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), collection.Id);
            var writes = editable.Contains(collection.Id);
            Assert.True(writes == responses.TryGetProperty("201", out _), $"{collection.Id}: 201 {(writes ? "missing" : "listed on reference data")}");
            Assert.True(writes == post.TryGetProperty("security", out _), collection.Id);
            if (!writes) Assert.True(responses.TryGetProperty("405", out _), $"{collection.Id}: a feature is refused 405");
        }
        Assert.Contains("counties", Spatial.Api.Features.Collections.CollectionCatalog.All.Select(c => c.Id).Except(editable));
    }

    [Fact]
    public async Task A_geojson_feature_posted_without_credentials_still_goes_to_create_and_is_refused_401()
    {
        var (response, _) = await PostAsync("/collections/projects/items",
            """{"type": "Feature", "properties": {"name_zh": "x"}, "geometry": null}""", "application/geo+json");
        var (asJson, _) = await PostAsync("/collections/projects/items", """{"type": "Feature", "properties": {}, "geometry": null}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asJson.StatusCode);
    }
}
