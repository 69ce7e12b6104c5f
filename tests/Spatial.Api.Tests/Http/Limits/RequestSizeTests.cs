using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Limits;

/// <summary>Through real Kestrel, which would otherwise refuse these itself with an empty body.</summary>
[Collection(ApiTests.Name)]
public sealed class RequestSizeTests(ApiFixture api)
{
    [Fact]
    public async Task A_query_too_long_is_a_414_problem()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri($"{server.Url}/collections/projects/items?name_zh={new string('x', 66_000)}"));

        await AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong, "at most 65536 are read");
    }

    [Theory]
    [InlineData(1, 40_000)]
    [InlineData(120, 10)]
    public async Task Headers_too_large_or_too_many_are_a_431_problem(int count, int length)
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{server.Url}/collections");
        for (var i = 0; i < count; i++) request.Headers.Add($"X-Padding-{i}", new string('y', length));

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "at most 100 headers and 32768 bytes are read");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }
}
