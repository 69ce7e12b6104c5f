using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// JWTs (RFC 7519, RS256) signed here with RSA, without the token library the service validates with,
/// so a token the service accepts or refuses is one any identity provider could have issued.
/// </summary>
internal static class TestTokens
{
    public const string Issuer = "https://id.jixi.example/realms/plan-office";
    public const string Audience = "spatial-api";

    /// <summary>The identity provider's key; the service knows its public half (Spatial:Auth:Jwt:SigningKey).</summary>
    public static RSA ProviderKey { get; } = RSA.Create(2048);

    public static JsonObject Claims(string name, string? role, TimeSpan? expiresIn = null) => new()
    {
        ["iss"] = Issuer,
        ["aud"] = Audience,
        ["sub"] = "user-" + name.GetHashCode(StringComparison.Ordinal).ToString("x", System.Globalization.CultureInfo.InvariantCulture),
        ["name"] = name,
        ["role"] = role,
        ["iat"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.Add(expiresIn ?? TimeSpan.FromMinutes(10)).ToUnixTimeSeconds(),
    };

    public static string Sign(JsonObject claims, RSA? key = null, string algorithm = "RS256")
    {
        var header = Base64Url(new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" }.ToJsonString());
        var signed = header + "." + Base64Url(claims.ToJsonString());
        if (algorithm == "none") return signed + ".";
        var signature = (key ?? ProviderKey).SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url(signature);
    }

    private static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The editing fixture with bearer tokens of <see cref="TestTokens"/>' identity provider accepted.</summary>
public sealed class BearerTokenFixture : EditingFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spatial:Auth:Jwt:SigningKey"] = TestTokens.ProviderKey.ExportSubjectPublicKeyInfoPem(),
        ["Spatial:Auth:Jwt:Issuer"] = TestTokens.Issuer,
        ["Spatial:Auth:Jwt:Audience"] = TestTokens.Audience,
    };
}
