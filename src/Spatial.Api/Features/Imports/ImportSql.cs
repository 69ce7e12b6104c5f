using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Editing;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// The set-based statements of one import over its staging table. Identifiers come from the database's own
/// description of the layer and of the staged table (quoted), values never are SQL text.
/// <list type="bullet">
/// <item><c>c_&lt;id&gt;</c>, the candidates: one row per feature of the file, its typed values (NULL where a value
/// does not convert: the raw text stays beside it), its outline in the layer's shape, the place facts the editing
/// rules judge, and the stored feature it matches. Filled batch by batch of staged features (the place facts are
/// most of an import's time), so the import's progress can be told.</item>
/// <item>The judgement: per candidate, the final values (a property the file does not carry keeps the stored value
/// of an updated feature), what the rules need, and whether it changes anything.</item>
/// <item>The write: UPDATE … FROM and INSERT … SELECT of the same final values, batch by batch of candidates.</item>
/// </list>
/// </summary>
public sealed class ImportSql(EditableLayer layer, ImportMapping mapping, MatchBy match, long importId)
{
    private string Staged => $"{Staging.Schema}.{Staging.Table(importId)}";
    public string Candidates => $"{Staging.Schema}.{Staging.Candidates(importId)}";

    private static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>The columns the file fills, in the layer's order.</summary>
    public IReadOnlyList<EditableColumn> Mapped => layer.Columns.Where(c => mapping.Mapped(c.Name)).ToList();

    private static string Raw(StagedField field) => field.IsArray
        ? $"nullif(array_to_string(s.{Q(field.Name)}, '、'), '')"
        : $"nullif(btrim(s.{Q(field.Name)}::text), '')";

    private static string Typed(EditableColumn column, StagedField field)
    {
        var raw = Raw(field);
        return column.Type switch
        {
            PropertyType.Number => $"CASE WHEN {raw} ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN ({raw})::numeric END",
            PropertyType.Integer => $"CASE WHEN {raw} ~ '^[+-]?[0-9]{{1,9}}$' THEN ({raw})::int END",
            PropertyType.Boolean => $"CASE WHEN lower({raw}) IN ('true', 't', '1', 'yes', 'y', '是') THEN true WHEN lower({raw}) IN ('false', 'f', '0', 'no', 'n', '否') THEN false END",
            PropertyType.StringArray => field.IsArray
                ? $"CASE WHEN cardinality(s.{Q(field.Name)}) > 0 THEN s.{Q(field.Name)}::text[] END"
                : TextArray(raw),
            _ => $"CASE WHEN length({raw}) <= 10000 THEN {raw} END",
        };
    }

    /// <summary>
    /// A list held as text: the JSON array every export file of this service writes (<c>["水稻","大豆"]</c>), or items
    /// between separators as people type them (<c>水稻、大豆</c>). Text that begins with [ but is not a JSON array of
    /// strings does not convert (the report names it) instead of being split into pieces of JSON; the pattern admits
    /// only what jsonb reads (no \u0000, no lone surrogate), so no value can make the statement fail.
    /// </summary>
    internal static string TextArray(string raw) =>
        $"CASE WHEN {raw} ~ '^\\[' THEN CASE WHEN {raw} ~ '{JsonStringArray}' THEN ARRAY(SELECT jsonb_array_elements_text(({raw})::jsonb)) END " +
        $"ELSE regexp_split_to_array({raw}, '\\s*[,;、，；]\\s*') END";

    private const string JsonSpace = @"[ \t\n\r]*";
    private const string JsonString =
        @"""([^""\\\x01-\x1f]|\\([""\\/bfnrt]|u(?!0000)(?![dD][89a-fA-F])[0-9a-fA-F]{4}|u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}))*""";
    private const string JsonStringArray = $@"^\[{JsonSpace}({JsonString}({JsonSpace},{JsonSpace}{JsonString})*)?{JsonSpace}\]{JsonSpace}$";

    /// <summary>The first filled of several fields mapped to one property.</summary>
    private static string First(IEnumerable<string> expressions) => expressions.Count() == 1 ? expressions.First() : $"coalesce({string.Join(", ", expressions)})";

    private string Geometry => !mapping.HasGeometry ? "NULL::geometry"
        : layer.Point
            ? "CASE WHEN GeometryType(s.geom) = 'POINT' THEN s.geom END"
            : "CASE WHEN GeometryType(s.geom) IN ('POLYGON', 'MULTIPOLYGON') THEN ST_Multi(s.geom) END";

    private string KeyColumn => match == MatchBy.Id ? "given_id" : "v_source_ref";

    /// <summary>The candidates table, empty; <see cref="FillCandidates"/> adds its rows and <see cref="CountSameKeys"/> completes them.</summary>
    public string CreateCandidates() => $"CREATE TABLE {Candidates} AS {CandidateRows("false", "0")} WITH NO DATA";

    /// <summary>
    /// One batch of candidates: the staged features with <c>$1 &lt;= ogc_fid &lt; $2</c> (<c>$2</c> NULL: to the end), whose
    /// <c>idx</c> continue from <c>$3</c>, the candidates before them.
    /// </summary>
    public string FillCandidates() => $"INSERT INTO {Candidates} {CandidateRows("s.ogc_fid >= $1 AND ($2::int IS NULL OR s.ogc_fid < $2)", "$3")}";

    /// <summary>Where the batch from staged <c>ogc_fid</c> <c>$1</c> of <c>$2</c> features ends: the next batch's first ogc_fid, or none.</summary>
    public string NextBatch() => $"SELECT ogc_fid FROM {Staged} WHERE ogc_fid >= $1 ORDER BY ogc_fid OFFSET $2 LIMIT 1";

    public string FirstStaged() => $"SELECT min(ogc_fid), count(*)::int FROM {Staged}";

    /// <summary>How many features of the file share each one's key (id or source_ref), across all batches; the judgement refuses duplicates.</summary>
    public string CountSameKeys()
    {
        var key = KeyColumn;
        return $"""
            CREATE INDEX ON {Candidates} (idx);
            UPDATE {Candidates} c SET same_key = k.n
            FROM (SELECT {key} AS key, count(*) AS n FROM {Candidates} WHERE {key} IS NOT NULL GROUP BY 1 HAVING count(*) > 1) k
            WHERE c.{key} = k.key
            """;
    }

    private string CandidateRows(string batch, string before)
    {
        var givenId = mapping.Ids.Count == 0 ? "NULL::text" : First(mapping.Ids.Select(Raw));
        var columns = new List<string>
        {
            $"({before}::int + row_number() OVER (ORDER BY s.ogc_fid))::int AS idx",
            $"{givenId} AS given_id",
            $"coalesce({givenId}, gen_random_uuid()::text) AS new_id",
            (mapping.HasGeometry ? "GeometryType(s.geom)" : "NULL::text") + " AS source_type",
            Geometry + " AS geom",
        };
        foreach (var column in Mapped)
        {
            var fields = mapping.Sources[column.Name];
            columns.Add($"{First(fields.Select(Raw))} AS {Q("r_" + column.Name)}");
            columns.Add($"{First(fields.Select(f => Typed(column, f)))} AS {Q("v_" + column.Name)}");
        }
        var (target, matches) = match == MatchBy.Id
            ? ($"(SELECT t.id FROM {layer.Table} t WHERE t.id = b.given_id)", $"(SELECT count(*) FROM {layer.Table} t WHERE t.id = b.given_id)")
            : ($"(SELECT min(t.id) FROM {layer.Table} t WHERE t.source_ref = b.v_source_ref)",
               $"(SELECT count(*) FROM {layer.Table} t WHERE t.source_ref = b.v_source_ref)");
        return $"""
            WITH b AS (SELECT {string.Join(",\n       ", columns)} FROM {Staged} s WHERE {batch})
            SELECT b.*, {target} AS target_id, {matches} AS matches, 1::bigint AS same_key,
                   place.*,
                   CASE WHEN place.p_valid = false THEN ST_AsText((ST_IsValidDetail(b.geom)).location) END AS p_location,
                   CASE WHEN place.p_valid THEN ARRAY(
                       SELECT w.name_zh FROM (SELECT e.name_zh, e.geom FROM ecological_areas e WHERE e.kind IN ('lake', 'wetland')
                                              UNION ALL SELECT v.name_zh, v.geom FROM water_bodies v) w
                       WHERE w.geom && b.geom AND ST_Intersects(w.geom, b.geom) AND NOT ST_Touches(w.geom, b.geom) ORDER BY 1) END AS waters
            FROM b LEFT JOIN LATERAL (SELECT {Editing.FeatureChecks.PlaceColumns("b.geom")} WHERE b.geom IS NOT NULL)
                 AS place(p_outside, p_area, p_county, p_valid, p_reason) ON true
            """;
    }

    /// <summary>The value a candidate writes into <paramref name="column"/>: the file's, else (an update) the stored one.</summary>
    public string Final(EditableColumn column)
    {
        var own = mapping.Mapped(column.Name) ? $"c.{Q("v_" + column.Name)}" : null;
        if (column.Name == "county_code") return own is null ? "coalesce(c.p_county, t.county_code)" : $"coalesce({own}, c.p_county)";
        return own ?? $"t.{Q(column.Name)}";
    }

    /// <summary>
    /// The file's outline is the stored one, from another first vertex or turning the other way (a Shapefile's outer
    /// rings run clockwise): the stored one is kept as it is, so the history shows no change of geometry.
    /// </summary>
    private const string SameOutline =
        "t.geom IS NOT NULL AND c.geom IS NOT NULL AND ST_OrderingEquals(ST_Normalize(ST_SnapToGrid(c.geom, 1e-9)), ST_Normalize(ST_SnapToGrid(t.geom, 1e-9)))";

    private const string FinalGeometry = $"(CASE WHEN {SameOutline} THEN t.geom ELSE coalesce(c.geom, t.geom) END)";

    private string Unchanged => $"""
        (t.id IS NOT NULL AND ROW({string.Join(", ", layer.Columns.Select(Final))}) IS NOT DISTINCT FROM ROW({string.Join(", ", layer.Columns.Select(c => "t." + Q(c.Name)))})
         AND (CASE WHEN t.geom IS NULL OR {FinalGeometry} IS NULL THEN t.geom IS NULL AND {FinalGeometry} IS NULL
                   ELSE ST_OrderingEquals(ST_SnapToGrid({FinalGeometry}, 1e-9), ST_SnapToGrid(t.geom, 1e-9)) END))
        """;

    /// <summary>Columns of <see cref="Judge"/>: fixed ones (see <see cref="JudgedRow"/>), then per editable column its value is null / it did not convert / its code is unknown.</summary>
    public string Judge()
    {
        var columns = new List<string>
        {
            "c.idx", "coalesce(c.target_id, c.new_id) AS id", "c.target_id", "c.matches", "c.same_key", "c.source_type", "c.geom IS NOT NULL",
            "c.p_outside", "c.p_area", "c.p_county", "c.p_valid", "c.p_reason", "c.p_location", "c.waters",
            layer.Column("name_zh") is { } name ? Final(name) : "NULL::text",
            layer.Column("source_ref") is { } sourceRef ? Final(sourceRef) : "NULL::text",
            Unchanged,
            match == MatchBy.SourceRef && mapping.Ids.Count > 0 ? $"c.target_id IS NULL AND c.given_id IS NOT NULL AND EXISTS (SELECT 1 FROM {layer.Table} x WHERE x.id = c.given_id)" : "false",
            match == MatchBy.SourceRef && mapping.Ids.Count > 0 ? "c.target_id IS NOT NULL AND c.given_id IS NOT NULL AND c.given_id <> c.target_id" : "false",
            $"{FinalGeometry} IS NOT NULL",
        };
        foreach (var column in layer.Columns)
        {
            columns.Add($"{Final(column)} IS NULL");
            columns.Add(mapping.Mapped(column.Name) ? $"c.{Q("r_" + column.Name)} IS NOT NULL AND c.{Q("v_" + column.Name)} IS NULL" : "false");
            if (column.References is { } references)
            {
                var (table, key) = (references.Split('.')[0], references.Split('.')[1]);
                columns.Add($"{Final(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {Q(table)} r WHERE r.{Q(key)}::text = ({Final(column)})::text)");
            }
            else columns.Add("false");
            columns.Add($"({Final(column)})::text");
        }
        return $"SELECT {string.Join(",\n       ", columns)}\nFROM {Candidates} c LEFT JOIN {layer.Table} t ON t.id = c.target_id ORDER BY c.idx";
    }

    public const int FixedJudgeColumns = 20;

    /// <summary>The updates of the candidates with <c>$1 &lt; idx &lt;= $2</c>.</summary>
    public string Update()
    {
        var written = Mapped.Select(c => c.Name).Append("county_code").Where(n => layer.Column(n) is not null).Distinct().ToList();
        var targets = written.Select(Q).Append("geom");
        var values = written.Select(n => Final(layer.Column(n)!)).Append(FinalGeometry);
        return $"""
            UPDATE {layer.Table} t SET ({string.Join(", ", targets)}) = ROW({string.Join(", ", values)})
            FROM {Candidates} c WHERE t.id = c.target_id AND c.idx > $1 AND c.idx <= $2 AND NOT {Unchanged}
            """;
    }

    /// <summary>The new features among the candidates with <c>$1 &lt; idx &lt;= $2</c>, in file order.</summary>
    public string Insert()
    {
        var written = Mapped.Select(c => c.Name).Append("county_code").Where(n => layer.Column(n) is not null).Distinct().ToList();
        return $"""
            INSERT INTO {layer.Table} (id, {string.Join(", ", written.Select(Q))}, geom)
            SELECT c.new_id, {string.Join(", ", written.Select(n => Final(layer.Column(n)!)))}, {FinalGeometry}
            FROM {Candidates} c LEFT JOIN {layer.Table} t ON false
            WHERE c.target_id IS NULL AND c.idx > $1 AND c.idx <= $2 ORDER BY c.idx
            """;
    }
}
