using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http;

/// <summary>The service as a process of its own with Logging:Console:FormatterName=json: what it writes to the console.</summary>
[Collection(ApiTests.Name)]
public sealed class JsonLogTests(ApiFixture api)
{
    [Fact]
    public async Task With_the_json_formatter_every_console_line_is_a_json_object_and_a_request_is_its_fields()
    {
        await using var process = await ApiProcess.StartAsync(api.Database.ConnectionString, new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
        });
        using var client = new HttpClient { BaseAddress = new Uri(process.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/collections/projects/items?limit=1&name_zh=<b>x</b>", UriKind.Relative));
        request.Headers.Add("X-Request-Id", "json-log-test-1");
        using var response = await client.SendAsync(request);

        JsonElement logged = default;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Not one line of anything else: a log shipper reads every line as JSON.
            var objects = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
            logged = objects.FirstOrDefault(o => o.GetProperty("Category").GetString() == "Spatial.Requests"
                && o.GetProperty("State").GetProperty("RequestId").GetString() == "json-log-test-1");
            if (logged.ValueKind == JsonValueKind.Object) break;
            await Task.Delay(100);
        }

        Assert.True(logged.ValueKind == JsonValueKind.Object, process.Output);
        var state = logged.GetProperty("State");
        Assert.Equal("Information", logged.GetProperty("LogLevel").GetString());
        Assert.Equal("GET", state.GetProperty("Method").GetString());
        Assert.Equal("/collections/projects/items?limit=1&name_zh=%3Cb%3Ex%3C/b%3E", state.GetProperty("Path").GetString());
        Assert.Equal((int)response.StatusCode, state.GetProperty("Status").GetInt32());
        Assert.True(state.GetProperty("DurationMs").GetDouble() > 0);
        Assert.Equal("127.0.0.1", state.GetProperty("Client").GetString());
        Assert.EndsWith("Z", logged.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
    }
}
