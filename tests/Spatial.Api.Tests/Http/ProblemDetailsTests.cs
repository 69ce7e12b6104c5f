using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http;

[Collection(ApiTests.Name)]
public sealed class ProblemDetailsTests(ApiFixture api)
{
    [Fact]
    public async Task An_unknown_route_is_a_problem_json_404_naming_the_path_and_carrying_the_request_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/thing");
        request.Headers.Add("X-Request-Id", "test-req-42");
        using var response = await api.Client.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("There is no resource at /no/such/thing.", problem.GetProperty("detail").GetString());
        Assert.Equal("test-req-42", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_a_problem_json_405()
    {
        using var response = await api.Client.DeleteAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("DELETE is not allowed on /health", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
