using System.Net;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// Every write asks who is asking before it reads a byte of the body: an anonymous client sending broken JSON gets the
/// 401 any anonymous write gets, never a 400 that tells it how the body was parsed. An editor gets the 400 naming the body.
/// </summary>
public sealed class AuthorisationFirstTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    private const string Broken = """{"op": "=", "args": [""";

    public static TheoryData<string, string, string> Writes => new()
    {
        { "POST", "/collections/projects/items", "application/json" },
        { "POST", "/collections/projects/items", GeoJson },
        { "PUT", "/collections/projects/items/{id}", "application/json" },
        { "PATCH", "/collections/projects/items/{id}", MergePatch },
        { "PUT", "/collections/projects/items/{id}/outline", GeoJson },
        { "POST", "/collections/projects/items/{id}/history/1/restore", "application/json" },
        { "POST", "/collections/projects/imports", "application/json" },
        { "POST", "/imports/1/revert", "application/json" },
        { "POST", "/keys", "application/json" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task An_anonymous_write_with_broken_json_is_a_401_not_a_400_about_the_body(string method, string path, string contentType)
    {
        var id = await editing.Database.ReferenceIdAsync("projects");
        var url = path.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);

        var answer = await editing.Client.AnswerAsync(Request(new HttpMethod(method), url, body: Broken, contentType: contentType, ifMatch: "\"x\""));

        AssertProblem(answer, 401);
        Assert.DoesNotContain("JSON", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_creating_with_broken_json_gets_the_400_naming_the_body()
    {
        var answer = await editing.Client.AnswerAsync(Request(HttpMethod.Post, "/collections/projects/items", editing.Keys[Role.LandOfficer], Broken, "application/json"));

        AssertProblem(answer, 400);
        Assert.Equal("body", answer.Json.GetProperty("parameter").GetString());
        Assert.StartsWith("body: not JSON: ", answer.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }
}
