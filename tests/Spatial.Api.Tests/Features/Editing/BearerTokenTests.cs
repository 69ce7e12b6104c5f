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
    /// A valid token without a role of this service names someone this service does not know as an editor:
    /// 401 (as implemented), saying which roles count, rather than 403, which is for a known role refused a layer.
    /// </summary>
    [Fact]
    public async Task A_valid_token_without_a_known_role_is_401_naming_the_roles_and_a_viewer_token_is_403()
    {
        var unknownRole = await PatchWithTokenAsync("token-unknown-role", TestTokens.Sign(TestTokens.Claims("孙明", "superuser")));
        var viewer = await PatchWithTokenAsync("token-viewer", TestTokens.Sign(TestTokens.Claims("周红", "viewer")));

        AssertProblem(unknownRole, 401);
        Assert.Contains("no role of this service (viewer, planner, land_officer, admin)", unknownRole.Detail, StringComparison.Ordinal);
        AssertProblem(viewer, 403);
        Assert.Contains("周红 (viewer) may not update features of projects", viewer.Detail, StringComparison.Ordinal);
        Assert.Equal(["create"], (await editing.Database.HistoryAsync("projects", "token-unknown-role")).Select(h => h.Operation));
        Assert.Equal(["create"], (await editing.Database.HistoryAsync("projects", "token-viewer")).Select(h => h.Operation));
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
