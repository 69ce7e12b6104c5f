using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Editing;

/// <summary>
/// The common first steps of every write: who asks, which layer, whether that role edits it — on one
/// connection of the Edits pool that the write then uses (the caller disposes it).
/// </summary>
public sealed class EditTarget : IAsyncDisposable
{
    private const string PermissionSql = "SELECT EXISTS (SELECT 1 FROM role_layers WHERE role = $1 AND layer = $2)";

    private EditTarget(NpgsqlConnection connection, EditableLayer layer, Editor editor)
    {
        Connection = connection;
        Layer = layer;
        Editor = editor;
    }

    public NpgsqlConnection Connection { get; }
    public EditableLayer Layer { get; }
    public Editor Editor { get; }

    /// <summary>The target, or the problem to answer (401, 403, 404, 405).</summary>
    public static async Task<(EditTarget? Target, IResult? Refusal)> OpenAsync(HttpContext http, string collectionId, string action)
    {
        if (Authorization.Authenticate(http, out var editor) is { } unauthenticated) return (null, unauthenticated);
        if (CollectionCatalog.Find(collectionId) is null) return (null, CollectionsApi.UnknownCollection(collectionId));
        var database = http.RequestServices.GetRequiredService<SpatialDatabase>();
        var connection = await database.For(DatabaseWork.Edits).OpenConnectionAsync(http.RequestAborted);
        try
        {
            var layers = await http.RequestServices.GetRequiredService<EditingSchema>().LayersAsync(connection, http.RequestAborted);
            if (!layers.TryGetValue(collectionId, out var layer))
            {
                await connection.DisposeAsync();
                http.Response.Headers.Allow = "GET";
                return (null, TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Not editable",
                    detail: $"{collectionId} is reference data loaded from gisdata/ and cannot be edited here; the editable collections are " +
                            $"{string.Join(", ", layers.Keys.Order())}."));
            }
            await using (var command = new NpgsqlCommand(PermissionSql, connection))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = editor!.Role.Code(), NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = layer.Table, NpgsqlDbType = NpgsqlDbType.Text });
                if (await command.ExecuteScalarAsync(http.RequestAborted) is not true)
                {
                    await connection.DisposeAsync();
                    return (null, Authorization.Forbidden(editor, $"{action} {collectionId}"));
                }
            }
            return (new EditTarget(connection, layer, editor), null);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
