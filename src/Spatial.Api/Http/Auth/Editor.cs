using System.Security.Claims;

namespace Spatial.Api.Http.Auth;

/// <summary>How a caller proved who they are.</summary>
public enum Credentials
{
    ApiKey,
    Bearer,
    /// <summary>The operator of the machine running <c>spatial</c> against the database directly (no HTTP).</summary>
    CommandLine,
}

/// <summary>Who is asking: the name written into the history, the role, the API key (when one was used) and how they signed in.</summary>
public sealed record Editor(string Name, Role Role, long? KeyId, Credentials Via)
{
    public const string KeyIdClaim = "spatial:key_id";

    /// <summary>The caller of a request whose credentials were accepted; null when anonymous.</summary>
    public static Editor? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        // A token may carry several roles: the highest counts.
        var role = user.FindAll(user.Identities.First().RoleClaimType).Select(c => Roles.Parse(c.Value)).Where(r => r is not null).Max();
        if (role is null) return null;
        var keyId = user.FindFirst(KeyIdClaim)?.Value is { } id ? long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        var via = user.Identity.AuthenticationType == ApiKeyAuthentication.Name ? Credentials.ApiKey : Credentials.Bearer;
        return new Editor(NameOf(user), role.Value, keyId, via);
    }

    /// <summary>The name written into the history: the name claim, else the subject.</summary>
    public static string NameOf(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirst("sub")?.Value ?? "(unnamed)";
}

public static class CredentialCodes
{
    /// <summary>The name clients read: <c>api-key</c> (X-API-Key) or <c>bearer</c> (a token of the identity provider).</summary>
    public static string Code(this Credentials credentials) => credentials switch
    {
        Credentials.ApiKey => "api-key",
        Credentials.Bearer => "bearer",
        Credentials.CommandLine => "command-line",
        _ => throw new ArgumentOutOfRangeException(nameof(credentials), credentials, null),
    };
}
