using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>What the service answered to a write: status, headers, the body as text and as JSON (default when not JSON).</summary>
public sealed record Answer(HttpStatusCode Status, HttpResponseHeaders Headers, string? ContentType, IReadOnlyList<string> Allow, string Text, JsonElement Json)
{
    public int Code => (int)Status;

    public string Detail => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";

    public string? ETag => Headers.ETag?.ToString();

    /// <summary>The pointers of a 422's errors.</summary>
    public List<string> Pointers => Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()!).ToList();

    public string ErrorAt(string pointer) => Json.GetProperty("errors").EnumerateArray()
        .Where(e => e.GetProperty("pointer").GetString() == pointer).Select(e => e.GetProperty("detail").GetString()!).FirstOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"no error at {pointer}: {Text}");

    public override string ToString() => $"{Code} {ContentType}: {Text[..Math.Min(Text.Length, 1500)]}";
}

/// <summary>Requests of the write path, with an API key, an If-Match and a body's media type when given.</summary>
internal static class EditCalls
{
    public const string GeoJson = "application/geo+json";
    public const string MergePatch = "application/merge-patch+json";

    public static HttpRequestMessage Request(HttpMethod method, string url, EditorKey? key = null, string? body = null,
        string contentType = GeoJson, string? ifMatch = null, string? contentCrs = null)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.RelativeOrAbsolute));
        if (key is not null) request.Headers.Add(ApiKeys.Header, key.Key);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (contentCrs is not null) request.Content.Headers.TryAddWithoutValidation("Content-Crs", $"<{contentCrs}>");
        }
        return request;
    }

    public static async Task<Answer> AnswerAsync(this HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using (request)
        using (var response = await client.SendAsync(request, cancellationToken))
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement json = default;
            if (text.Length > 0 && text[0] is '{' or '[')
                using (var document = JsonDocument.Parse(text)) json = document.RootElement.Clone();
            return new Answer(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, [.. response.Content.Headers.Allow], text, json);
        }
    }

    public static Task<Answer> CreateAsync(this HttpClient client, string collection, EditorKey? key, string body, string? contentCrs = null) =>
        client.AnswerAsync(Request(HttpMethod.Post, $"/collections/{collection}/items", key, body, contentCrs: contentCrs));

    public static Task<Answer> ReplaceAsync(this HttpClient client, string collection, string id, EditorKey? key, string body, string? ifMatch) =>
        client.AnswerAsync(Request(HttpMethod.Put, Item(collection, id), key, body, ifMatch: ifMatch));

    public static Task<Answer> UpdateAsync(this HttpClient client, string collection, string id, EditorKey? key, string body, string? ifMatch) =>
        client.AnswerAsync(Request(HttpMethod.Patch, Item(collection, id), key, body, MergePatch, ifMatch));

    public static Task<Answer> DeleteFeatureAsync(this HttpClient client, string collection, string id, EditorKey? key, string? ifMatch) =>
        client.AnswerAsync(Request(HttpMethod.Delete, Item(collection, id), key, ifMatch: ifMatch));

    /// <summary>The feature as a client reads it (GET, CRS84) and its strong ETag.</summary>
    public static async Task<(JsonObject Feature, string ETag)> ReadFeatureAsync(this HttpClient client, string collection, string id)
    {
        using var response = await client.GetAsync(new Uri(Item(collection, id), UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {collection}/{id} → {(int)response.StatusCode}: {text}");
        var etag = response.Headers.ETag;
        Assert.True(etag is { IsWeak: false }, $"GET {collection}/{id} has no strong ETag ({etag})");
        return (JsonNode.Parse(text)!.AsObject(), etag!.ToString());
    }

    public static string Item(string collection, string id) => $"/collections/{collection}/items/{Uri.EscapeDataString(id)}";

    /// <summary>A merge patch setting one property.</summary>
    public static string PatchOf(string property, string value) => new JsonObject { ["properties"] = new JsonObject { [property] = value } }.ToJsonString();

    public static void AssertProblem(Answer answer, int status)
    {
        Assert.True(answer.Code == status, $"expected {status}, got {answer}");
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(status, answer.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(answer.Detail), answer.ToString());
    }
}
