using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Keys;

/// <summary>/keys: administrators make, list and revoke keys over HTTP; nobody else may, and a key is shown once.</summary>
public sealed class KeysApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<string> KeyAsync(Role role) =>
        (await ApiKeyStore.CreateAsync(api.Database.DataSource, $"test {role}", role, "KeysApiTests", CancellationToken.None)).Key;

    private static HttpRequestMessage Request(HttpMethod method, string url, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (key is not null) request.Headers.Add(ApiKeys.Header, key);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    [Fact]
    public async Task An_admin_makes_a_key_that_works_at_once_is_listed_without_its_secret_and_stops_working_when_revoked()
    {
        var admin = await KeyAsync(Role.Admin);

        using var created = await api.Client.SendAsync(Request(HttpMethod.Post, "/keys", admin, new { name = "李四 <b>", role = "planner" }));
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("id").GetInt64();
        Assert.StartsWith("spk_", key, StringComparison.Ordinal);
        Assert.Equal("李四 <b>", await api.Database.ScalarAsync<string>("SELECT name FROM api_keys WHERE id = $1", id));
        Assert.Equal("planner", await api.Database.ScalarAsync<string>("SELECT role FROM api_keys WHERE id = $1", id));

        // The new key is a planner's: it may list nothing here, but it is a known key (403, not 401).
        using (var asPlanner = await api.Client.SendAsync(Request(HttpMethod.Get, "/keys", key)))
            Assert.Equal(HttpStatusCode.Forbidden, asPlanner.StatusCode);

        using var listed = await api.Client.SendAsync(Request(HttpMethod.Get, "/keys", admin));
        var text = await listed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        var entry = JsonDocument.Parse(text).RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id);
        Assert.StartsWith(entry.GetProperty("prefix").GetString()!, key, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("revoked_at").ValueKind);

        using (var revoked = await api.Client.SendAsync(Request(HttpMethod.Delete, $"/keys/{id}", admin)))
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using (var afterwards = await api.Client.SendAsync(Request(HttpMethod.Get, "/keys", key)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
            Assert.Equal("application/problem+json", afterwards.Content.Headers.ContentType?.MediaType);
        }
        using (var missing = await api.Client.SendAsync(Request(HttpMethod.Delete, "/keys/999999", admin)))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Role.Viewer, HttpStatusCode.Forbidden)]
    [InlineData(Role.Planner, HttpStatusCode.Forbidden)]
    [InlineData(Role.LandOfficer, HttpStatusCode.Forbidden)]
    public async Task Only_administrators_manage_keys(Role? role, HttpStatusCode expected)
    {
        var key = role is { } r ? await KeyAsync(r) : null;
        var before = await api.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys");
        var revokedBefore = await api.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL");

        using var list = await api.Client.SendAsync(Request(HttpMethod.Get, "/keys", key));
        using var create = await api.Client.SendAsync(Request(HttpMethod.Post, "/keys", key, new { name = "x", role = "admin" }));
        using var revoke = await api.Client.SendAsync(Request(HttpMethod.Delete, "/keys/1", key));

        Assert.Equal([expected, expected, expected], new[] { list.StatusCode, create.StatusCode, revoke.StatusCode });
        Assert.Equal(before, await api.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
        Assert.Equal(revokedBefore, await api.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL"));
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"role\":\"planner\"}", "name")]
    [InlineData("{\"name\":\"x\",\"role\":\"superuser\"}", "role")]
    [InlineData("{\"name\":\"x\"}", "role")]
    [InlineData("[1,2]", "name")]
    [InlineData("{\"name\":", "body")]
    public async Task A_bad_key_request_is_a_400_naming_the_field_and_makes_no_key(string json, string parameter)
    {
        var admin = await KeyAsync(Role.Admin);
        var before = await api.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys");
        var request = Request(HttpMethod.Post, "/keys", admin);
        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
        Assert.Equal(before, await api.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }
}
