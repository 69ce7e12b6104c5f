using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Editing.History;

/// <summary>
/// POST …/history/{version}/restore: an administrator brings back a feature as it was after a version —
/// a deleted one too. The restore is a new version; the old ones stay as they are.
/// </summary>
public static class Restore
{
    private static string Columns(EditableLayer layer) => string.Join(", ", layer.Columns.Select(c => c.Name));

    private static string Image(EditableLayer layer) => string.Join(", ", layer.Columns.Select(c => "r." + c.Name));

    private static string Source(EditableLayer layer) => $"""
        FROM feature_history h, jsonb_populate_record(NULL::{layer.Table}, h.after_attributes) r
        WHERE h.layer = '{layer.Table}' AND h.feature_id = $1 AND h.version = $2
        """;

    private static string UpdateSql(EditableLayer layer) => $"""
        UPDATE {layer.Table} t SET ({Columns(layer)}, geom) = (SELECT {Image(layer)}, h.after_geom {Source(layer)})
        WHERE t.id = $1 RETURNING version
        """;

    private static string InsertSql(EditableLayer layer) => $"""
        INSERT INTO {layer.Table} (id, {Columns(layer)}, created_at, geom)
        SELECT $1, {Image(layer)}, r.created_at, h.after_geom {Source(layer)}
        RETURNING version
        """;

    private const string VersionSql = "SELECT operation FROM feature_history WHERE layer = $1 AND feature_id = $2 AND version = $3";

    public static async Task<IResult> Post(string collectionId, string featureId, int version, HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var (target, refusal) = await EditTarget.OpenAsync(http, collectionId, "restore features of");
        if (target is null) return refusal!;
        await using var _ = target;
        if (target.Editor.Role != Role.Admin) return Authorization.Forbidden(target.Editor, "restore versions (administrators only)");
        var (layer, connection) = (target.Layer, target.Connection);
        var (reason, badReason) = ChangeContext.ReadReason(http.Request);
        if (badReason is not null) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, badReason));
        if (reason is null) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, "a restore needs a reason (percent-encoded UTF-8)"));

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = new NpgsqlCommand(VersionSql, connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = layer.Table, NpgsqlDbType = NpgsqlDbType.Text });
            check.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
            check.Parameters.Add(new NpgsqlParameter { Value = version, NpgsqlDbType = NpgsqlDbType.Integer });
            switch (await check.ExecuteScalarAsync(cancellationToken))
            {
                case null: return Problems.NotFound($"{collectionId}/{featureId} has no version {version}.");
                case "delete":
                    return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing to restore",
                        detail: $"version {version} is the deletion of {collectionId}/{featureId}; restore version {version - 1}, the feature as it was");
            }
        }
        int? current;
        await using (var lockRow = new NpgsqlCommand($"SELECT version FROM {layer.Table} WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
            current = (int?)await lockRow.ExecuteScalarAsync(cancellationToken);
        }
        // If-Match is optional here (a deleted feature has no ETag), but honoured when sent.
        if (current is { } now && http.Request.Headers.IfMatch.Count > 0)
        {
            var (_, theirs) = FeatureVersions.IfMatch(http.Request, layer.Table, featureId);
            if (!theirs.Contains(now)) return await Preconditions.StaleAsync(connection, transaction, layer, featureId, now, theirs, cancellationToken);
        }
        await new ChangeContext(target.Editor, Operation.Restore, reason).ApplyAsync(connection, transaction, cancellationToken);
        await using var write = new NpgsqlCommand(current is null ? InsertSql(layer) : UpdateSql(layer), connection, transaction);
        write.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
        write.Parameters.Add(new NpgsqlParameter { Value = version, NpgsqlDbType = NpgsqlDbType.Integer });
        var restored = (int)(await write.ExecuteScalarAsync(cancellationToken))!;
        var feature = await FeatureEdits.ReadBackAsync(connection, transaction, layer, featureId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var location = Links.To(http.Request, $"/collections/{collectionId}/items/{Uri.EscapeDataString(featureId)}");
        return new FeatureWritten(current is null ? StatusCodes.Status201Created : StatusCodes.Status200OK, feature,
            FeatureVersions.ETag(layer.Table, featureId, restored), location);
    }
}
