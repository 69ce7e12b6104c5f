namespace Spatial.Api.Features.Editing.History;

/// <summary>The statements over feature_history, shared by a feature's history and the audit trail.</summary>
public static class HistorySql
{
    /// <summary>The columns of <see cref="HistoryRow"/>; the changes leave out what the database stamps itself.</summary>
    public const string Columns = """
        h.layer, h.feature_id, h.version, h.operation, o.name_zh, o.name_en, h.changed_at, h.changed_by, h.role, h.reason, h.footprint_verdict,
        coalesce((SELECT jsonb_agg(jsonb_build_object('property', k, 'before', h.before_attributes -> k, 'after', h.after_attributes -> k) ORDER BY k)
                  FROM jsonb_object_keys(coalesce(h.before_attributes, '{}') || coalesce(h.after_attributes, '{}')) k
                  WHERE k NOT IN ('version', 'created_at', 'updated_at', 'area_m2')
                    AND (h.before_attributes -> k) IS DISTINCT FROM (h.after_attributes -> k)), '[]')::text,
        coalesce(NOT ST_OrderingEquals(h.before_geom, h.after_geom), (h.before_geom IS NULL) <> (h.after_geom IS NULL))
        """;

    public const string OfFeature = $"""
        SELECT {Columns}
        FROM feature_history h JOIN history_operations o ON o.code = h.operation
        WHERE h.layer = $1 AND h.feature_id = $2
        ORDER BY h.version DESC
        """;
}
