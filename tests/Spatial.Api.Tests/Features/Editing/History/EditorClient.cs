using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing.History;

/// <summary>
/// One signed-in person of a test's own database: a real API key of a role (made as the CLI makes it),
/// sent as X-API-Key, with If-Match and X-Change-Reason (percent-encoded UTF-8) the way the map sends them.
/// </summary>
internal sealed class EditorClient(HttpClient client, string name, string key)
{
    public string Name => name;

    public static async Task<EditorClient> CreateAsync(ApiFixture api, string name, Role role)
    {
        var (_, key) = await ApiKeyStore.CreateAsync(api.Database.DataSource, name, role, "tests", CancellationToken.None);
        return new EditorClient(api.Client, name, key);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? body = null, string? ifMatch = null, string? reason = null) =>
        SendRawAsync(method, url, body, ifMatch, reason is null ? null : Uri.EscapeDataString(reason));

    /// <summary>As <see cref="SendAsync"/>, with the X-Change-Reason header exactly as given (for malformed ones).</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string url, HttpContent? body, string? ifMatch, string? reasonHeader)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = body };
        request.Headers.Add(ApiKeys.Header, key);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (reasonHeader is not null) request.Headers.TryAddWithoutValidation("X-Change-Reason", reasonHeader);
        return await client.SendAsync(request);
    }

    /// <summary>PATCHes a feature as read just before (its current ETag); asserts 200 and returns the new ETag.</summary>
    public async Task<string> PatchAsync(string item, string mergePatch, string? reason = null)
    {
        using var body = new StringContent(mergePatch, Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json"));
        using var response = await SendAsync(HttpMethod.Patch, item, body, await ETagAsync(client, item), reason);
        await ExpectAsync(response, HttpStatusCode.OK);
        return response.Headers.ETag!.ToString();
    }

    /// <summary>DELETEs a feature as read just before; asserts 204.</summary>
    public async Task DeleteAsync(string item, string? reason = null)
    {
        using var response = await SendAsync(HttpMethod.Delete, item, null, await ETagAsync(client, item), reason);
        await ExpectAsync(response, HttpStatusCode.NoContent);
    }

    /// <summary>The feature's strong ETag, as an anonymous reader gets it.</summary>
    public static async Task<string> ETagAsync(HttpClient client, string item)
    {
        using var response = await client.GetAsync(new Uri(item, UriKind.Relative));
        await ExpectAsync(response, HttpStatusCode.OK);
        return response.Headers.ETag!.ToString();
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status) =>
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}, expected {(int)status}: {await response.Content.ReadAsStringAsync()}");

    /// <summary>The problem document of a refusal; asserts its status and media type.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        await ExpectAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
