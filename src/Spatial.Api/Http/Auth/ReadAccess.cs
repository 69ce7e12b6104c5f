namespace Spatial.Api.Http.Auth;

/// <summary>With <c>Spatial:Auth:RequireKeyForReads</c>, every API request but health and metrics (limited to its networks instead) needs credentials (the map's files stay public).</summary>
public static class ReadAccess
{
    public static WebApplication UseReadAccess(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<AuthOptions>();
        app.Use(async (http, next) =>
        {
            if (!options.RequireKeyForReads || http.Request.Path.StartsWithSegments("/health") || http.Request.Path == "/metrics"
                || Authorization.Authenticate(http, out _) is not { } refused)
            {
                await next(http);
                return;
            }
            await refused.ExecuteAsync(http);
        });
        return app;
    }
}
