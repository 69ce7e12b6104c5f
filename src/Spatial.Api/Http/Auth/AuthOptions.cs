namespace Spatial.Api.Http.Auth;

/// <summary>Settings <c>Spatial:Auth:*</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Spatial:Auth";

    /// <summary>Reads need a key or token too (by default they are anonymous).</summary>
    public bool RequireKeyForReads { get; set; }

    public JwtSettings Jwt { get; set; } = new();
}

/// <summary>
/// OIDC/JWT bearer tokens of a bureau's identity provider: <see cref="Authority"/> (keys from its
/// discovery document) or, for a provider this server cannot reach, <see cref="SigningKey"/> (a PEM
/// public key) with <see cref="Issuer"/>. Tokens are off when neither is set.
/// </summary>
public sealed class JwtSettings
{
    public string? Authority { get; set; }
    public string? Audience { get; set; }
    public string? Issuer { get; set; }
    public string? SigningKey { get; set; }
    public string RoleClaim { get; set; } = "role";
    public string NameClaim { get; set; } = "name";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
