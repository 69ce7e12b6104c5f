using System.Net.Http.Headers;
using System.Security.Cryptography;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// OIDC/JWT bearer tokens (Spatial:Auth:Jwt with a PEM signing key, issuer and audience): a token of the
/// configured provider with a role claim writes, and history records the token's name; every other token
/// is a 401 whose detail says what is wrong with it, and writes nothing.
/// </summary>
public sealed class BearerTokenTests(BearerTokenFixture editing) : IClassFixture<BearerTokenFixture>
{
    public enum Flaw { Expired, SignedByAnotherKey, OtherAudience, OtherIssuer, NoExpiry, Unsigned, NotAJwt }

    [Fact]
    public async Task A_token_of_the_provider_with_a_role_writes_and_history_records_its_name_claim()
    {
        const string id = "token-accepted";
        var token = TestTokens.Sign(TestTokens.Claims("赵丽 (统一身份认证)", "land_officer"));

        var answer = await PatchWithTokenAsync(id, token);

        Assert.True(answer.Code == 200, answer.ToString());
        var last = (await editing.Database.HistoryAsync("projects", id))[^1];
        Assert.Equal(("赵丽 (统一身份认证)", "land_officer", (long?)null, 2), (last.ChangedBy, last.Role, last.KeyId, last.Version));
        Assert.Equal("经令牌修改", await editing.Database.TextAsync("projects", id, "summary_zh"));
    }

    [Theory]
    [InlineData(Flaw.Expired, "expired")]
    [InlineData(Flaw.SignedByAnotherKey, "signature is not from the configured identity provider")]
    [InlineData(Flaw.OtherAudience, "another audience")]
    [InlineData(Flaw.OtherIssuer, "another issuer")]
    [InlineData(Flaw.NoExpiry, "no expiry")]
    [InlineData(Flaw.Unsigned, "bearer token")]
    [InlineData(Flaw.NotAJwt, "not a well-formed JWT")]
    public async Task A_flawed_token_is_401_saying_why_and_writes_nothing(Flaw flaw, string why)
    {
        var id = $"token-{flaw}";
        var claims = TestTokens.Claims("钱进", "admin", flaw == Flaw.Expired ? TimeSpan.FromMinutes(-5) : null);
        if (flaw == Flaw.OtherAudience) claims["aud"] = "another-api";
        if (flaw == Flaw.OtherIssuer) claims["iss"] = "https://id.elsewhere.example/";
        if (flaw == Flaw.NoExpiry) claims.Remove("exp");
        using var otherKey = RSA.Create(2048);
        var token = flaw switch
        {
            Flaw.SignedByAnotherKey => TestTokens.Sign(claims, otherKey),
            Flaw.Unsigned => TestTokens.Sign(claims, algorithm: "none"),
            Flaw.NotAJwt => "spk_this-is-no-jwt",
            _ => TestTokens.Sign(claims),
        };

        var answer = await PatchWithTokenAsync(id, token);

        AssertProblem(answer, 401);
        Assert.Contains(why, answer.Detail, StringComparison.Ordinal);
        Assert.Contains("Bearer", answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(["create"], (await editing.Database.HistoryAsync("projects", id)).Select(h => h.Operation));
    }

    /// <summary>
    /// A valid token whose role claim names no role of this service is someone known, only not as anyone here:
    /// 403 naming the role it claims (not 401, which would send them to sign in again with the same token).
    /// </summary>
    [Fact]
    public async Task A_valid_token_with_an_unknown_role_is_403_naming_that_role_and_a_viewer_token_is_403_for_the_layer()
    {
        var unknownRole = await PatchWithTokenAsync("token-unknown-role", TestTokens.Sign(TestTokens.Claims("孙明", "superuser")));
        var withoutRole = TestTokens.Claims("吴刚", role: null);
        withoutRole.Remove("role");
        var noRole = await PatchWithTokenAsync("token-no-role", TestTokens.Sign(withoutRole));
        var viewer = await PatchWithTokenAsync("token-viewer", TestTokens.Sign(TestTokens.Claims("周红", "viewer")));

        AssertProblem(unknownRole, 403);
        Assert.Equal("孙明's role 'superuser' (claim 'role') is not a role of this service; the roles are viewer, planner, land_officer, admin", unknownRole.Detail);
        Assert.Equal(["superuser"], unknownRole.Json.GetProperty("claimed_roles").EnumerateArray().Select(r => r.GetString()));
        AssertProblem(noRole, 403);
        Assert.Equal("吴刚's credentials carry no 'role' claim; the roles of this service are viewer, planner, land_officer, admin", noRole.Detail);
        AssertProblem(viewer, 403);
        Assert.Contains("周红 (viewer) may not update features of projects", viewer.Detail, StringComparison.Ordinal);
        foreach (var id in new[] { "token-unknown-role", "token-no-role", "token-viewer" })
            Assert.Equal(["create"], (await editing.Database.HistoryAsync("projects", id)).Select(h => h.Operation));
    }

    private async Task<Answer> PatchWithTokenAsync(string id, string token)
    {
        await editing.Database.CopyAsync("projects", id);
        var (_, etag) = await editing.Client.ReadFeatureAsync("projects", id);
        var request = Request(HttpMethod.Patch, Item("projects", id), body: PatchOf("summary_zh", "经令牌修改"), contentType: MergePatch, ifMatch: etag);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await editing.Client.AnswerAsync(request);
    }
}
