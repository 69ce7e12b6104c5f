using System.Net.Http.Headers;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Account;

/// <summary>
/// GET /me names the caller behind a key or token, their role and the collections that role edits — which role
/// edits what is taken from the issue (#11), not from role_layers — and refuses anyone it cannot name.
/// </summary>
public sealed class MeTests(BearerTokenFixture editing) : IClassFixture<BearerTokenFixture>
{
    public static TheoryData<Role, string[]> Roles() => new()
    {
        { Role.Viewer, [] },
        { Role.Planner, ["ecological-areas", "industrial-parks", "planting-zones"] },
        { Role.LandOfficer, ["enterprises", "projects"] },
        { Role.Admin, ["ecological-areas", "enterprises", "industrial-parks", "planting-zones", "projects"] },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_key_is_named_with_its_role_its_id_and_the_collections_its_role_edits(Role role, string[] editable)
    {
        var key = editing.Keys[role];

        var me = await editing.Client.AnswerAsync(Request(HttpMethod.Get, "/me", key));

        Assert.True(me.Code == 200, me.ToString());
        Assert.Equal("application/json", me.ContentType);
        Assert.Equal("no-store", me.Headers.CacheControl?.ToString());
        Assert.Equal(key.Name, me.Json.GetProperty("name").GetString());
        Assert.Equal(role.Code(), me.Json.GetProperty("role").GetString());
        Assert.Equal(key.Id, me.Json.GetProperty("key_id").GetInt64());
        Assert.Equal("api-key", me.Json.GetProperty("authentication").GetString());
        Assert.Equal(editable, me.Json.GetProperty("editable_collections").EnumerateArray().Select(c => c.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(role == Role.Admin, me.Json.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task A_bearer_token_is_named_by_its_name_claim_with_no_key_id()
    {
        var request = Request(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Sign(TestTokens.Claims("赵丽 (统一身份认证)", "planner")));

        var me = await editing.Client.AnswerAsync(request);

        Assert.True(me.Code == 200, me.ToString());
        Assert.Equal("赵丽 (统一身份认证)", me.Json.GetProperty("name").GetString());
        Assert.Equal("planner", me.Json.GetProperty("role").GetString());
        Assert.Equal("bearer", me.Json.GetProperty("authentication").GetString());
        Assert.False(me.Json.TryGetProperty("key_id", out _), me.ToString());
        Assert.Equal(["ecological-areas", "industrial-parks", "planting-zones"],
            me.Json.GetProperty("editable_collections").EnumerateArray().Select(c => c.GetString()!).Order(StringComparer.Ordinal));
        Assert.False(me.Json.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task Without_credentials_or_with_a_revoked_key_it_is_401_saying_which()
    {
        var none = await editing.Client.AnswerAsync(Request(HttpMethod.Get, "/me"));
        var revoked = await editing.Client.AnswerAsync(Request(HttpMethod.Get, "/me", editing.RevokedKey));
        var unknown = await editing.Client.AnswerAsync(Request(HttpMethod.Get, "/me", editing.RevokedKey with { Key = "spk_" + new string('A', 43) }));

        AssertProblem(none, 401);
        Assert.StartsWith("this request needs credentials", none.Detail, StringComparison.Ordinal);
        Assert.Contains("X-API-Key", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        AssertProblem(revoked, 401);
        Assert.Equal("X-API-Key is not a known key, or it was revoked.", revoked.Detail);
        AssertProblem(unknown, 401);
        Assert.Equal("X-API-Key is not a known key, or it was revoked.", unknown.Detail);
    }

    [Fact]
    public async Task A_valid_token_with_a_role_this_service_does_not_know_is_403_naming_it()
    {
        var request = Request(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Sign(TestTokens.Claims("孙明", "superuser")));

        var me = await editing.Client.AnswerAsync(request);

        AssertProblem(me, 403);
        Assert.Contains("'superuser'", me.Detail, StringComparison.Ordinal);
    }
}
