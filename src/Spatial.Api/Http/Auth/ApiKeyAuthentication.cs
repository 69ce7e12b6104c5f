using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;
using Spatial.Api.Data;

namespace Spatial.Api.Http.Auth;

/// <summary>Authenticates <c>X-API-Key</c> against the hashes in <c>api_keys</c>; a revoked key is refused at once.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SpatialDatabase database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "ApiKey";

    private const string LookupSql = "SELECT id, name, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values)) return AuthenticateResult.NoResult();
        var key = values.ToString().Trim();
        if (!ApiKeys.LooksLikeKey(key)) return Authorization.Refuse(Context, $"{ApiKeys.Header} is not an API key of this service (they start with spk_ and have 47 characters).");
        await using var command = database.For(DatabaseWork.Reads).CreateCommand(LookupSql);
        command.Parameters.Add(new NpgsqlParameter { Value = ApiKeys.Hash(key) });
        await using var reader = await command.ExecuteReaderAsync(Context.RequestAborted);
        if (!await reader.ReadAsync(Context.RequestAborted)) return Authorization.Refuse(Context, $"{ApiKeys.Header} is not a known key, or it was revoked.");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, reader.GetString(1)),
            new Claim(ClaimTypes.Role, reader.GetString(2)),
            new Claim(Editor.KeyIdClaim, reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name));
    }

    // Challenges and refusals are written by Authorization as problems; the handlers stay silent.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;
}
