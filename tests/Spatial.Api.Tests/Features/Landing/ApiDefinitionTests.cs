using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Spatial.Api.Features.Landing;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Tests.Features.Landing;

/// <summary>The API definition is written from what endpoints say of themselves where they are mapped, not from a list kept apart.</summary>
public sealed class ApiDefinitionTests
{
    [Fact]
    public void A_route_is_described_from_its_own_metadata()
    {
        var paths = Document(app =>
        {
            app.MapGet("/things/{thingId:int}", () => Results.Ok()).WithName("Thing").WithTags("Things").WithSummary("One thing.")
                .Parameters(ApiParameter.Query("colour", "which colour", @enum: ["red", "blue"])).Answers(200, "OK", "text/csv");
            app.MapDelete("/things/{thingId:int}", () => Results.Ok()).WithName("DeleteThing").WithSummary("Drop a thing.").WithCredentials().Answers(204, "Gone");
        });

        var thing = paths.GetProperty("/things/{thingId}");
        var get = thing.GetProperty("get");
        Assert.Equal("One thing.", get.GetProperty("summary").GetString());
        Assert.Equal("Things", get.GetProperty("tags")[0].GetString());
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("integer", parameters["thingId"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("path", parameters["thingId"].GetProperty("in").GetString());
        Assert.Equal(["red", "blue"], parameters["colour"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _), "a parameter may be wrong");
        Assert.True(get.GetProperty("responses").TryGetProperty("404", out _), "a thing may not exist");
        Assert.False(get.TryGetProperty("security", out _));
        var delete = thing.GetProperty("delete");
        Assert.True(delete.TryGetProperty("security", out _));
        Assert.Equal(["204", "400", "401", "403", "404"], delete.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_route_per_collection_is_written_out_for_each_with_its_queryables()
    {
        var paths = Document(app => app.MapGet("/collections/{collectionId}/items", () => Results.Ok()).WithSummary("Features.")
            .PathPerCollection(CollectionPaths.Every).WithQueryables());

        Assert.False(paths.TryGetProperty("/collections/{collectionId}/items", out _));
        var projects = paths.GetProperty("/collections/projects/items").GetProperty("get");
        Assert.Equal("projects: Features.", projects.GetProperty("summary").GetString());
        var names = projects.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("county_code", names);
        Assert.DoesNotContain("collectionId", names);
        Assert.Equal(9, paths.EnumerateObject().Count());
    }

    [Fact]
    public void Writes_on_editable_collections_only()
    {
        var paths = Document(app => app.MapPost("/collections/{collectionId}/items", () => Results.Ok()).WithSummary("Add.")
            .PathPerCollection(CollectionPaths.Editable).ReadsBody("application/geo+json"), editable: new HashSet<string> { "projects" });

        Assert.Equal(["/collections/projects/items"], paths.EnumerateObject().Select(p => p.Name));
        Assert.True(paths.GetProperty("/collections/projects/items").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .TryGetProperty("application/geo+json", out _));
    }

    [Fact]
    public void The_items_parameters_documented_are_the_ones_items_reads()
    {
        var documented = Spatial.Api.Features.Collections.ItemsDocumentation.Items.Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(Spatial.Api.Features.Collections.ItemsRequest.StandardParameters.Order(StringComparer.Ordinal), documented);
    }

    private static JsonElement Document(Action<WebApplication> map, IReadOnlySet<string>? editable = null)
    {
        var app = WebApplication.CreateBuilder().Build();
        map(app);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).ToList();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            OpenApiDocument.Write(writer, "http://localhost", editable ?? new HashSet<string>(), endpoints);
        return JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("paths").Clone();
    }
}
