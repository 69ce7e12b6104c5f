using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Spatial.Api.Http.Auth;

/// <summary>
/// Credentials: <c>X-API-Key</c>, or <c>Authorization: Bearer</c> when an identity provider is configured.
/// Authentication only says who is asking; <see cref="Authorization"/> decides and writes the 401/403 problems.
/// </summary>
public static class AuthSetup
{
    private const string Selector = "Spatial";

    public static IServiceCollection AddSpatialAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions());
        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or bearer token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthentication.Name)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.Name, null)
            .AddJwtBearer();
        // Read when the first token arrives, so settings given to a test host apply.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AuthOptions>((o, auth) => Configure(o, auth.Jwt));
        return services;
    }

    private static void Configure(JwtBearerOptions o, JwtSettings jwt)
    {
        o.MapInboundClaims = false;
        o.RequireHttpsMetadata = jwt.Authority?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? true;
        o.Authority = string.IsNullOrWhiteSpace(jwt.Authority) ? null : jwt.Authority;
        o.Audience = jwt.Audience;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience),
            ValidAudience = jwt.Audience,
            ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer) || o.Authority is not null,
            ValidIssuer = jwt.Issuer,
            RoleClaimType = jwt.RoleClaim,
            NameClaimType = jwt.NameClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
        };
        if (!string.IsNullOrWhiteSpace(jwt.SigningKey)) o.TokenValidationParameters.IssuerSigningKey = PublicKey(jwt.SigningKey);
        if (!jwt.Enabled)
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    context.Fail(Authorization.Refuse(context.HttpContext,
                        "bearer tokens are not accepted here: no identity provider is configured (Spatial:Auth:Jwt); send X-API-Key").Failure!);
                    return Task.CompletedTask;
                },
            };
        o.Events ??= new JwtBearerEvents();
        o.Events.OnAuthenticationFailed = context =>
        {
            Authorization.Refuse(context.HttpContext, context.Exception);
            return Task.CompletedTask;
        };
        o.Events.OnChallenge = context =>
        {
            context.HandleResponse(); // Authorization writes the problem.
            return Task.CompletedTask;
        };
    }

    /// <summary>A PEM public key (RSA or EC), as identity providers publish them.</summary>
    private static SecurityKey PublicKey(string pem)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
