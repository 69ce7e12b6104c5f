using System.Security.Claims;

namespace Spatial.Api.Http.Auth;

/// <summary>Who is asking: the name written into the history, the role, and the API key (when one was used).</summary>
public sealed record Editor(string Name, Role Role, long? KeyId, string Via)
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
        return new Editor(NameOf(user), role.Value, keyId, user.Identity.AuthenticationType ?? "");
    }

    /// <summary>The name written into the history: the name claim, else the subject.</summary>
    public static string NameOf(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirst("sub")?.Value ?? "(unnamed)";
}
