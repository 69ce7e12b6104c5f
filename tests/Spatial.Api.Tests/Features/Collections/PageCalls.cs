using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>A page or feature as the service answered it: status, ETag, X-Cache, Cache-Control and the bytes.</summary>
public sealed record PageAnswer(HttpStatusCode Status, string? ETag, string? Cache, string? CacheControl, byte[] Bytes)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Bytes);

    public JsonElement Json => JsonDocument.Parse(Bytes).RootElement;

    /// <summary>The ids of a page's features (or the one feature's).</summary>
    public List<string> Ids => Json.TryGetProperty("features", out var features)
        ? [.. features.EnumerateArray().Select(f => f.GetProperty("id").GetString()!)]
        : [Json.GetProperty("id").GetString()!];

    public JsonElement Feature(string id) => Json.TryGetProperty("features", out var features)
        ? features.EnumerateArray().Single(f => f.GetProperty("id").GetString() == id)
        : Json;

    public string? Property(string id, string name) => Feature(id).GetProperty("properties").GetProperty(name).GetString();

    public string? Next => Json.GetProperty("links").EnumerateArray()
        .Where(l => l.GetProperty("rel").GetString() == "next").Select(l => l.GetProperty("href").GetString()).SingleOrDefault();
}

internal static class PageCalls
{
    public static async Task<PageAnswer> PageAsync(this HttpClient client, string url, string? ifNoneMatch = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (apiKey is not null) request.Headers.Add(Spatial.Api.Http.Auth.ApiKeys.Header, apiKey);
        using var response = await client.SendAsync(request);
        return new PageAnswer(response.StatusCode, response.Headers.ETag?.ToString(),
            response.Headers.TryGetValues("X-Cache", out var cache) ? cache.Single() : null,
            response.Headers.CacheControl?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A bbox page (lon/lat) around a point, <paramref name="half"/> degrees each way.</summary>
    public static string BboxPage(string collection, double longitude, double latitude, double half = 0.002, int limit = 10) =>
        string.Create(CultureInfo.InvariantCulture,
            $"/collections/{collection}/items?bbox={longitude - half},{latitude - half},{longitude + half},{latitude + half}&limit={limit}");
}
