using Npgsql;
using NpgsqlTypes;

namespace Spatial.Api.Features.Editing;

/// <summary>If-Match on a write: 428 without it, 412 when the feature moved on, with what changed since the client's version.</summary>
public static class Preconditions
{
    private const string ChangedSql = """
        SELECT h.version, h.operation, h.changed_by, h.changed_at, h.reason,
               ARRAY(SELECT k FROM jsonb_object_keys(coalesce(mine.after_attributes, '{}') || coalesce(h.after_attributes, h.before_attributes)) k
                     WHERE k NOT IN ('version', 'updated_at', 'area_m2')
                       AND (mine.after_attributes -> k) IS DISTINCT FROM (h.after_attributes -> k)
                     ORDER BY k)
               || CASE WHEN mine.version IS NOT NULL AND ((mine.after_geom IS NULL) <> (h.after_geom IS NULL)
                                                          OR NOT ST_OrderingEquals(mine.after_geom, h.after_geom))
                       THEN ARRAY['geometry'] ELSE ARRAY[]::text[] END,
               mine.version IS NOT NULL
        FROM feature_history h
        LEFT JOIN feature_history mine ON mine.layer = h.layer AND mine.feature_id = h.feature_id AND mine.version = $3
        WHERE h.layer = $1 AND h.feature_id = $2
        ORDER BY h.version DESC LIMIT 1
        """;

    /// <summary>Null when the write may go on: If-Match names the current version. Else the 400/428 to answer (412 needs <see cref="StaleAsync"/>).</summary>
    public static IResult? Required(HttpRequest request, EditableLayer layer, string id, out IReadOnlyList<long> versions)
    {
        (var state, versions) = FeatureVersions.IfMatch(request, layer.Table, id);
        return state switch
        {
            FeatureVersions.Precondition.Missing => TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: $"send If-Match with the ETag of {layer.Collection.Id}/{id} as you read it (GET the feature), so a change made since is not overwritten"),
            FeatureVersions.Precondition.Wildcard => TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: "If-Match: * would overwrite any change made since you read the feature; send the feature's ETag"),
            FeatureVersions.Precondition.Unreadable => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid parameter",
                detail: "If-Match: not a list of entity tags (e.g. If-Match: \"3-ab12cd34ef\")", extensions: new Dictionary<string, object?> { ["parameter"] = "If-Match" }),
            _ => null,
        };
    }

    /// <summary>The 412: the current ETag and version, who changed it last, when and why, and what differs from the client's version.</summary>
    public static async Task<IResult> StaleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EditableLayer layer, string id,
        long current, IReadOnlyList<long> theirs, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ChangedSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = layer.Table, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = theirs.Count == 0 ? 0 : (int)theirs.Max(), NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var extensions = new Dictionary<string, object?>
        {
            ["currentETag"] = FeatureVersions.ETag(layer.Table, id, current),
            ["currentVersion"] = current,
            ["yourVersion"] = theirs.Count == 0 ? null : theirs.Max(),
        };
        var detail = theirs.Count == 0
            ? $"If-Match names no version of {layer.Collection.Id}/{id}; it is at version {current}"
            : $"{layer.Collection.Id}/{id} changed after you read it (your version {theirs.Max()}, now {current})";
        if (await reader.ReadAsync(cancellationToken))
        {
            var (by, at, reason) = (reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            var changed = reader.GetBoolean(6) ? reader.GetFieldValue<string[]>(5) : null;
            extensions["changedBy"] = by;
            extensions["changedAt"] = at;
            extensions["reason"] = reason;
            extensions["changedProperties"] = changed;
            detail += $": last {reader.GetString(1)} by {by} at {at:u}{(reason is null ? "" : $" ({reason})")}" +
                      (changed is { Length: > 0 } ? $"; changed since your version: {string.Join(", ", changed)}" : "") +
                      ". Reload the feature, apply your change again and send it with the new ETag.";
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else", detail: detail, extensions: extensions);
    }
}
