using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Spatial.Api.Http.Auth;

/// <summary>401 and 403 as problems that say what was missing or refused.</summary>
public static class Authorization
{
    /// <summary>The editor behind this request, or the 401 to answer.</summary>
    public static IResult? Authenticate(HttpContext http, out Editor? editor)
    {
        editor = Editor.Of(http.User);
        if (editor is not null) return null;
        var failure = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
        var detail = failure is null
            ? http.User.Identity?.IsAuthenticated == true
                ? $"the credentials carry no role of this service ({string.Join(", ", Roles.Codes)})"
                : $"this request needs credentials: send {ApiKeys.Header} (scripts/spatial keys create) or Authorization: Bearer <token>"
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
