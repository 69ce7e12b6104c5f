using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// POST /imports/{id}/revert: an administrator undoes a written import as one changeset — the features it created
/// are deleted, the ones it updated get their image from before it back (attributes and exact geometry) — in one
/// transaction. A feature changed after the import is not overwritten: 409 lists them, and nothing is undone.
/// </summary>
public static class ImportRevert
{
    private const string LockImportSql = "SELECT status, dry_run, collection FROM imports WHERE id = $1 FOR UPDATE";

    private static string ChangedSinceSql(EditableLayer layer) => $"""
        WITH imported AS (SELECT h.feature_id, h.version FROM feature_history h WHERE h.import_id = $1 AND h.operation = 'import'),
             locked AS (SELECT t.id, t.version FROM {layer.Table} t WHERE t.id IN (SELECT feature_id FROM imported) FOR UPDATE)
        SELECT i.feature_id, i.version, l.version FROM imported i LEFT JOIN locked l ON l.id = i.feature_id
        WHERE l.version IS DISTINCT FROM i.version ORDER BY i.feature_id
        """;

    private static string DeleteCreatedSql(EditableLayer layer) => $"""
        DELETE FROM {layer.Table} t USING feature_history h
        WHERE h.import_id = $1 AND h.operation = 'import' AND h.before_attributes IS NULL AND t.id = h.feature_id
        """;

    private static string RestoreUpdatedSql(EditableLayer layer) => $"""
        UPDATE {layer.Table} t SET ({string.Join(", ", layer.Columns.Select(c => c.Name))}, geom) =
                                   ({string.Join(", ", layer.Columns.Select(c => "r." + c.Name))}, h.before_geom)
        FROM feature_history h, jsonb_populate_record(NULL::{layer.Table}, h.before_attributes) r
        WHERE h.import_id = $1 AND h.operation = 'import' AND h.before_attributes IS NOT NULL AND t.id = h.feature_id
        """;

    private const string MarkSql = "UPDATE imports SET status = 'reverted', reverted_at = now(), reverted_by = $2, revert_reason = $3 WHERE id = $1";

    public static async Task<IResult> Post(string importId, HttpContext http, SpatialDatabase database, EditingSchema schema)
    {
        var cancellationToken = http.RequestAborted;
        if (Authorization.Authenticate(http, out var editor) is { } unauthenticated) return unauthenticated;
        if (editor!.Role != Role.Admin) return Authorization.Forbidden(editor, "revert imports (administrators only)");
        if (!long.TryParse(importId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return Problems.NotFound($"There is no import '{importId}'.");
        var (reason, badReason) = ChangeContext.ReadReason(http.Request);
        if (badReason is not null) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, badReason));
        if (reason is null) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, "a revert needs a reason (percent-encoded UTF-8)"));

        await using var connection = await database.For(http).OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string collection;
        await using (var lockImport = new NpgsqlCommand(LockImportSql, connection, transaction))
        {
            lockImport.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint });
            await using var reader = await lockImport.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return Problems.NotFound($"There is no import {id}.");
            var (status, dryRun) = (reader.GetString(0), reader.GetBoolean(1));
            collection = reader.GetString(2);
            if (status != ImportStatus.Succeeded.Code() || dryRun)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to revert",
                    detail: dryRun ? $"import {id} was a dry run; it wrote nothing" : $"import {id} is {status}; only an import that wrote its features (succeeded) can be reverted");
        }
        var layers = await schema.LayersAsync(connection, cancellationToken);
        var layer = layers[collection];
        var changed = new List<Dictionary<string, object?>>();
        await using (var check = new NpgsqlCommand(ChangedSinceSql(layer), connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint });
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                changed.Add(new Dictionary<string, object?>
                {
                    ["id"] = reader.GetString(0), ["imported_version"] = reader.GetInt32(1), ["current_version"] = reader.IsDBNull(2) ? null : reader.GetInt32(2),
                });
        }
        if (changed.Count > 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Changed since the import",
                detail: $"{changed.Count} feature(s) of import {id} changed after it ({string.Join(", ", changed.Take(20).Select(c => c["id"]))}" +
                        $"{(changed.Count > 20 ? ", …" : "")}); nothing was reverted. Restore them one by one from their history, or revert their later changes first.",
                extensions: new Dictionary<string, object?> { ["changed"] = changed });

        await new ChangeContext(editor, Operation.Revert, reason, ImportId: id).ApplyAsync(connection, transaction, cancellationToken);
        foreach (var sql in new[] { DeleteCreatedSql(layer), RestoreUpdatedSql(layer) })
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var mark = new NpgsqlCommand(MarkSql, connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint });
            mark.Parameters.Add(new NpgsqlParameter { Value = editor.Name, NpgsqlDbType = NpgsqlDbType.Text });
            mark.Parameters.Add(new NpgsqlParameter { Value = reason, NpgsqlDbType = NpgsqlDbType.Text });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        var row = (await ImportRow.FindAsync(connection, id, withFeatures: true, cancellationToken))!;
        return new JsonDocumentResult("application/json", w => row.Write(w, http.Request), h => h.CacheControl = "no-store");
    }
}
