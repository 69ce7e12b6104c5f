using System.Net.Http.Headers;
using System.Text;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>Who may import and read imports, how the file's format is recognised, and every bad parameter named.</summary>
public sealed class ImportRequestTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private EditorKey Officer => fixture.Keys[Role.LandOfficer];

    private static byte[] File(string tag) => Encoding.UTF8.GetBytes(ImportFiles.GeoJson(ImportFiles.Projects(tag, 1)));

    [Theory]
    [InlineData(null, "projects", 401)]
    [InlineData(Role.Viewer, "projects", 403)]
    [InlineData(Role.Planner, "projects", 403)]
    [InlineData(Role.LandOfficer, "projects", 200)]
    [InlineData(Role.Admin, "projects", 200)]
    [InlineData(Role.LandOfficer, "planting-zones", 403)]
    [InlineData(Role.Admin, "counties", 405)]
    public async Task Importing_needs_the_role_that_edits_the_collection(Role? role, string collection, int status)
    {
        var key = role is { } r ? fixture.Keys[r] : null;
        var answer = await fixture.Client.ImportAsync(collection, key, File("role"), "application/geo+json", "dry_run=true");
        Assert.True(answer.Code == status, answer.ToString());
        if (status >= 400) AssertProblem(answer, status);
    }

    [Fact]
    public async Task A_revoked_key_is_401()
    {
        AssertProblem(await fixture.Client.ImportAsync("projects", fixture.RevokedKey, File("revoked"), "application/geo+json", "dry_run=true"), 401);
    }

    [Fact]
    public async Task An_import_is_read_by_its_user_and_administrators_only_and_listed_newest_first()
    {
        var other = await fixture.CreateKeyAsync(Role.LandOfficer, "另一位国土审核人员");
        var first = await fixture.Client.ImportAsync("projects", Officer, File("read-1"), "application/geo+json", "dry_run=true");
        var second = await fixture.Client.ImportAsync("projects", Officer, File("read-2"), "application/geo+json", "dry_run=true");
        var url = $"/imports/{second.Id()}";

        Assert.Equal(200, (await fixture.Client.GetAsync(url, Officer)).Code);
        Assert.Equal(200, (await fixture.Client.GetAsync(url, fixture.Keys[Role.Admin])).Code);
        AssertProblem(await fixture.Client.GetAsync(url, other), 403);
        AssertProblem(await fixture.Client.GetAsync(url, null), 401);
        AssertProblem(await fixture.Client.GetAsync("/imports/424242", Officer), 404);

        var mine = await fixture.Client.GetAsync("/imports?collection=projects&limit=1", Officer);
        Assert.Equal(second.Id(), mine.Json.GetProperty("imports")[0].GetProperty("id").GetString());
        var next = mine.Json.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!;
        Assert.Equal(first.Id(), (await fixture.Client.GetAsync(next, Officer)).Json.GetProperty("imports")[0].GetProperty("id").GetString());
        Assert.Empty((await fixture.Client.GetAsync("/imports", other)).Json.GetProperty("imports").EnumerateArray());
        AssertProblem(await fixture.Client.GetAsync($"/imports?user={Uri.EscapeDataString(Officer.Name)}", other), 403);
    }

    [Theory]
    [InlineData("application/zip", "geojson")]
    [InlineData("text/csv", "geojson")]
    [InlineData("application/vnd.google-earth.kml+xml", "geojson")]
    public async Task A_declared_type_that_the_bytes_contradict_is_415_naming_both(string declared, string actual)
    {
        var answer = await fixture.Client.ImportAsync("projects", Officer, File("contradiction"), declared, "dry_run=true");
        AssertProblem(answer, 415);
        Assert.Contains(declared, answer.Detail);
        Assert.Contains(actual, answer.Detail);
    }

    [Fact]
    public async Task Bytes_of_no_format_we_read_are_415()
    {
        AssertProblem(await fixture.Client.ImportAsync("projects", Officer, [0x00, 0x01, 0x02, 0x03, 0xFF], "application/octet-stream"), 415);
        AssertProblem(await fixture.Client.ImportAsync("projects", Officer, File("pdf"), "application/pdf"), 415);
    }

    [Fact]
    public async Task A_file_without_a_media_type_and_a_form_part_are_recognised_from_their_bytes()
    {
        var untyped = await fixture.Client.ImportAsync("projects", Officer, File("untyped"), "application/octet-stream", "dry_run=true");
        Assert.True(untyped.Code == 200, untyped.ToString());
        Assert.Equal("geojson", untyped.Json.GetProperty("format").GetString());

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(File("form"));
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        form.Add(part, "file", "地块.geojson");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/collections/projects/imports?dry_run=true", UriKind.Relative)) { Content = form };
        request.Headers.Add(ApiKeys.Header, Officer.Key);
        var answer = await fixture.Client.AnswerAsync(request);
        Assert.True(answer.Code == 200, answer.ToString());
        Assert.Equal("地块.geojson", answer.Json.GetProperty("file_name").GetString());
        Assert.Equal("form-1", answer.Features()[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_form_with_two_file_parts_is_a_400_naming_the_part_and_nothing_is_imported()
    {
        using var form = new MultipartFormDataContent();
        foreach (var name in (string[])["a.geojson", "b.geojson"])
        {
            var part = new ByteArrayContent(File("form"));
            part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/geo+json");
            form.Add(part, "file", name);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/collections/projects/imports?dry_run=true", UriKind.Relative)) { Content = form };
        request.Headers.Add(ApiKeys.Header, Officer.Key);

        var answer = await fixture.Client.AnswerAsync(request);

        Assert.True(answer.Code == 400, answer.ToString());
        Assert.Equal("file", answer.Json.GetProperty("parameter").GetString());
        Assert.Equal("file: the form has a second part named 'file' (parts 1 and 2); send one file per request", answer.Json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("colour=red", "colour")]
    [InlineData("dry_run=maybe", "dry_run")]
    [InlineData("match=name", "match")]
    [InlineData("encoding=latin1", "encoding")]
    [InlineData("crs=9999", "crs")]
    [InlineData("crs=2364", "seven_parameters")]
    [InlineData("crs=4610&seven_parameters=1,2,3&rotation_convention=position_vector", "seven_parameters")]
    [InlineData("crs=4490&four_parameters=1,2,3,4", "four_parameters")]
    [InlineData("mapping=%7Bnot%20json", "mapping")]
    [InlineData("mapping=%5B%5D", "mapping")]
    [InlineData("mapping=%7B%22XMMC%22%3A%22colour%22%7D", "mapping")]
    [InlineData("mapping=%7B%22XMMC%22%3A1%7D", "mapping")]
    [InlineData("match=source_ref&mapping=%7B%22source_ref%22%3A%22name_en%22%7D", "match")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string parameter)
    {
        var file = Encoding.UTF8.GetBytes(ImportFiles.GeoJson(ImportFiles.Projects("bad", 1), p =>
        {
            var properties = ImportFiles.Properties(p);
            properties.Remove("source_ref");
            return properties;
        }));
        var answer = await fixture.Client.ImportAsync("projects", Officer, file, "application/geo+json", query);
        AssertProblem(answer, 400);
        Assert.Equal(parameter, answer.Json.GetProperty("parameter").GetString());
        Assert.StartsWith(parameter + ":", answer.Detail);
    }
}
