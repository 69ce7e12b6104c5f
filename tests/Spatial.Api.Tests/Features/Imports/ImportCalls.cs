using System.Net.Http.Headers;
using System.Text.Json;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>Requests of the import contract: a file sent raw with its media type (or as a form), the import resource, its report.</summary>
internal static class ImportCalls
{
    public static HttpRequestMessage Upload(string collection, EditorKey? key, byte[] file, string? contentType, string query = "", bool respondAsync = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/collections/{collection}/imports{(query.Length > 0 ? "?" + query : "")}", UriKind.Relative))
        {
            Content = new ByteArrayContent(file),
        };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null) request.Headers.Add(ApiKeys.Header, key.Key);
        if (respondAsync) request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    public static Task<Answer> ImportAsync(this HttpClient client, string collection, EditorKey? key, byte[] file, string? contentType, string query = "") =>
        client.AnswerAsync(Upload(collection, key, file, contentType, query));

    public static async Task<Answer> GetAsync(this HttpClient client, string url, EditorKey? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        if (key is not null) request.Headers.Add(ApiKeys.Header, key.Key);
        return await client.AnswerAsync(request);
    }

    public static Task<Answer> RevertAsync(this HttpClient client, string importId, EditorKey? key, string? reason = "%E6%92%A4%E9%94%80")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/imports/{importId}/revert", UriKind.Relative));
        if (key is not null) request.Headers.Add(ApiKeys.Header, key.Key);
        if (reason is not null) request.Headers.Add("X-Change-Reason", reason);
        return client.AnswerAsync(request);
    }

    /// <summary>Polls the import until it has ended (succeeded, rejected, failed, reverted).</summary>
    public static async Task<Answer> UntilDoneAsync(this HttpClient client, string url, EditorKey key, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var answer = await client.GetAsync(url, key);
            Assert.True(answer.Code == 200, answer.ToString());
            if (answer.Json.GetProperty("status").GetString() is "succeeded" or "rejected" or "failed" or "reverted") return answer;
            Assert.True(DateTime.UtcNow < deadline, $"the import never ended: {answer}");
            await Task.Delay(200);
        }
    }

    public static string Status(this Answer answer) => answer.Json.GetProperty("status").GetString()!;

    public static int Count(this Answer answer, string name) => answer.Json.GetProperty("counts").GetProperty(name).GetInt32();

    public static string Id(this Answer answer) => answer.Json.GetProperty("id").GetString()!;

    public static List<JsonElement> Features(this Answer answer) => answer.Json.GetProperty("features").EnumerateArray().ToList();
}
