using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace Spatial.Api.Http.Auth;

/// <summary>401 and 403 as problems that say what was missing or refused.</summary>
public static class Authorization
{
    /// <summary>The editor behind this request, or the problem to answer: 401 without valid credentials, 403 for valid ones without a role of this service.</summary>
    public static IResult? Authenticate(HttpContext http, out Editor? editor)
    {
        editor = Editor.Of(http.User);
        if (editor is not null) return null;
        var failure = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
        if (failure is null && http.User.Identity?.IsAuthenticated == true) return UnknownRole(http.User);
        var detail = failure is null
            ? $"this request needs credentials: send {ApiKeys.Header} (scripts/spatial keys create) or Authorization: Bearer <token>"
            : Explain(failure);
        http.Response.Headers.WWWAuthenticate = $"{ApiKeys.Header}, Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in", detail: detail);
    }

    /// <summary>
    /// The refusal of credentials, kept where <see cref="Authenticate"/> reads it: ASP.NET's authentication
    /// middleware keeps only a success, so without this every 401 would say that no credentials were sent.
    /// </summary>
    public static AuthenticateResult Refuse(HttpContext http, Exception failure)
    {
        var result = AuthenticateResult.Fail(failure);
        http.Features.Set<IAuthenticateResultFeature>(new RefusedCredentials(result));
        return result;
    }

    public static AuthenticateResult Refuse(HttpContext http, string why) => Refuse(http, new AuthenticationFailureException(why));

    private sealed class RefusedCredentials(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }

    /// <summary>
    /// Valid credentials — in practice a token of the identity provider — whose role claim names no role of this
    /// service: the caller is known, only not as anyone here, so 403 naming what the token claims.
    /// </summary>
    private static ProblemHttpResult UnknownRole(ClaimsPrincipal user)
    {
        var claimType = user.Identities.First().RoleClaimType;
        var claimed = user.FindAll(claimType).Select(c => c.Value).ToList();
        var who = Editor.NameOf(user);
        var roles = string.Join(", ", Roles.Codes);
        var detail = claimed.Count == 0
            ? $"{who}'s credentials carry no '{claimType}' claim; the roles of this service are {roles}"
            : $"{who}'s role {string.Join(", ", claimed.Select(r => $"'{r}'"))} (claim '{claimType}') is not a role of this service; the roles are {roles}";
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Unknown role", detail: detail,
            extensions: new Dictionary<string, object?> { ["claimed_roles"] = claimed });
    }

    public static IResult Forbidden(Editor editor, string what) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Not allowed", detail: $"{editor.Name} ({editor.Role.Code()}) may not {what}.",
        extensions: new Dictionary<string, object?> { ["role"] = editor.Role.Code() });

    private static string Explain(Exception failure) => failure switch
    {
        SecurityTokenExpiredException e => $"the bearer token expired at {e.Expires:u}",
        SecurityTokenNotYetValidException => "the bearer token is not valid yet",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the bearer token's signature is not from the configured identity provider",
        SecurityTokenInvalidAudienceException => "the bearer token is for another audience",
        SecurityTokenInvalidIssuerException => "the bearer token is from another issuer",
        SecurityTokenNoExpirationException => "the bearer token has no expiry",
        SecurityTokenMalformedException or ArgumentException => "the bearer token is not a well-formed JWT",
        SecurityTokenException => "the bearer token was refused",
        _ => failure.Message,
    };
}
