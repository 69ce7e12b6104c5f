using System.Text.Json;
using Spatial.Api.Data;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;
using Spatial.Api.Http.Limits;
using Spatial.Geo;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Keys;

/// <summary>Administrators manage API keys over HTTP too (the same store as <c>scripts/spatial keys</c>).</summary>
public static class KeysApi
{
    public static void MapKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/keys").WithTags("Keys").UsesDatabase(DatabaseWork.Edits).WithCredentials();
        keys.MapGet("", List).WithName("Keys").WithSummary("Administrators: every API key (never the key itself).");
        keys.MapPost("", Create).WithName("CreateKey").WithSummary("Administrators: make a key ({\"name\": …, \"role\": …}); the key is in this answer only.")
            .ReadsBody("application/json").Answers(201, "Created: the key, shown this once", "application/json").Problem(400, "The body is not JSON, or its name or role is missing or wrong; the problem names which");
        keys.MapDelete("/{id:long}", Revoke).WithName("RevokeKey").WithSummary("Administrators: revoke a key at once.").Answers(204, "Revoked");
    }

    private sealed record NewKey(long Id, string Name, string Role, string Key);

    private static IResult? RequireAdmin(HttpContext http)
    {
        if (Authorization.Authenticate(http, out var editor) is { } unauthenticated) return unauthenticated;
        return editor!.Role == Role.Admin ? null : Authorization.Forbidden(editor, "manage API keys (administrators only)");
    }

    private static async Task<IResult> List(HttpContext http, SpatialDatabase database)
    {
        if (RequireAdmin(http) is { } refused) return refused;
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new { keys = await ApiKeyStore.ListAsync(database.For(http), http.RequestAborted) }, JsonOutput.SnakeCase);
    }

    private static async Task<IResult> Create(HttpContext http, SpatialDatabase database)
    {
        if (RequireAdmin(http) is { } refused) return refused;
        var editor = Editor.Of(http.User)!;
        if (FeatureRequestBodyType(http) is { } unsupported) return unsupported;
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > 64 * 1024) return Problems.BadParameter(new ParameterError("body", "larger than 64 KiB"));
        var (document, problem) = JsonInput.Parse(buffer.ToArray());
        if (document is null) return Problems.BadParameter(new ParameterError("body", $"not JSON: {problem}"));
        using (document)
        {
            var root = document.RootElement;
            var name = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var role = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? Roles.Parse(r.GetString()) : null;
            if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl))
                return Problems.BadParameter(new ParameterError("name", "a key's name is 1 to 200 characters without control characters"));
            if (role is null) return Problems.BadParameter(new ParameterError("role", $"one of {string.Join(", ", Roles.Codes)}"));
            var (id, key) = await ApiKeyStore.CreateAsync(database.For(http), name, role.Value, editor.Name, http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(new NewKey(id, name.Trim(), role.Value.Code(), key), JsonOutput.SnakeCase, statusCode: StatusCodes.Status201Created);
        }
    }

    private static async Task<IResult> Revoke(long id, HttpContext http, SpatialDatabase database)
    {
        if (RequireAdmin(http) is { } refused) return refused;
        return await ApiKeyStore.RevokeAsync(database.For(http), id, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound($"There is no key {id}.");
    }

    private static IResult? FeatureRequestBodyType(HttpContext http) =>
        Editing.FeatureRequestBody.MediaType(http.Request) == "application/json" ? null : Editing.FeatureRequestBody.Unsupported(Editing.FeatureRequestBody.MediaType(http.Request), "application/json");
}
