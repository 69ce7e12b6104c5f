using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Account;

/// <summary>
/// <c>GET /me</c>: who the credentials belong to and what they may edit, so a client (the map's 登录) learns it
/// in one read instead of trying writes.
/// </summary>
public static class MeApi
{
    private const string EditableSql = "SELECT layer FROM role_layers WHERE role = $1";

    public static void MapMe(this IEndpointRouteBuilder app) =>
        app.MapGet("/me", Get).WithTags("Auth").UsesDatabase(DatabaseWork.Reads).WithName("Me").WithCredentials()
            .WithSummary("Who is asking: name, role, key, how they signed in and the collections they may edit (401 without credentials).");

    public sealed record Identity(
        string Name, string Role, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? KeyId,
        string Authentication, IReadOnlyList<string> EditableCollections, bool Admin);

    private static async Task<IResult> Get(HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        if (Authorization.Authenticate(http, out var editor) is { } refused) return refused;
        var layers = new List<string>();
        await using (var command = database.For(http).CreateCommand(EditableSql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = editor!.Role.Code(), NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) layers.Add(reader.GetString(0));
        }
        var editable = CollectionCatalog.All.Where(c => layers.Contains(c.Table)).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
        // One person's answer: no shared cache may keep it, and a browser must ask again after another sign-in.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new Identity(editor.Name, editor.Role.Code(), editor.KeyId, editor.Via.Code(), editable, editor.Role == Role.Admin), JsonOutput.SnakeCase);
    }
}
