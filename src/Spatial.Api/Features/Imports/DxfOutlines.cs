using Npgsql;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// A survey drawing (CASS DXF) as outlines: GDAL gives closed polylines as lines, hatches as polygons and texts as
/// points. In PostGIS the closed lines become polygons (ST_MakePolygon; ST_BuildArea for several parts), everything
/// else is dropped, and each outline is named by a text inside it, else by its CAD layer (column name_zh; the
/// <c>mapping</c> parameter can take Layer or Text instead). A text on the layer <c>&lt;outline's layer&gt;-labels</c>
/// is the label a DXF export writes, <c>id 名称</c>: it gives the feature's id (column id) and its name, so a drawing
/// exported here and edited in CAD updates the features it came from.
/// </summary>
public static class DxfOutlines
{
    /// <summary>
    /// A text with the \U+XXXX escapes GDAL left in it decoded. A DXF writer cuts a long text into pieces of 250
    /// characters, where an escape may be cut in two; GDAL decodes each piece alone, so that escape stays as it was
    /// written (AutoCAD joins the pieces first). No NUL and no surrogate: chr() refuses them.
    /// </summary>
    private const string DecodedText = """
        (SELECT string_agg(CASE WHEN m[1] ~ '^\\U\+' THEN chr(('x' || substr(m[1], 4))::bit(16)::int) ELSE m[1] END, '' ORDER BY n)
         FROM regexp_matches(t."Text", '(\\U\+(?!0000)(?![dD][89a-fA-F])[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]|[^\\]+|\\)', 'g') WITH ORDINALITY AS r(m, n))
        """;

    public static async Task BuildAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var staged = $"{Staging.Schema}.{table}";
        var sql = $"""
            CREATE TABLE {staged}_outlines AS
            SELECT row_number() OVER (ORDER BY p.ogc_fid)::int AS ogc_fid, p."Layer", p."EntityHandle", label."Text", label.exported, p.outline AS geom
            FROM (SELECT s.ogc_fid, s."Layer", s."EntityHandle",
                         CASE WHEN GeometryType(s.geom) IN ('POLYGON', 'MULTIPOLYGON') THEN s.geom
                              WHEN GeometryType(s.geom) = 'LINESTRING' AND ST_IsClosed(s.geom) AND ST_NPoints(s.geom) >= 4 THEN ST_MakePolygon(s.geom)
                              WHEN GeometryType(s.geom) = 'MULTILINESTRING' AND ST_IsClosed(s.geom) THEN ST_BuildArea(s.geom) END AS outline
                  FROM {staged} s) p
            LEFT JOIN LATERAL (SELECT {DecodedText} AS "Text", t."Layer" IS NOT DISTINCT FROM p."Layer" || '-labels' AS exported FROM {staged} t
                               WHERE GeometryType(t.geom) = 'POINT' AND nullif(btrim(t."Text"), '') IS NOT NULL AND ST_Within(t.geom, p.outline)
                               ORDER BY 2 DESC, t.ogc_fid LIMIT 1) label ON true
            WHERE p.outline IS NOT NULL;
            ALTER TABLE {staged}_outlines ADD COLUMN id text, ADD COLUMN name_zh text;
            UPDATE {staged}_outlines SET
                id = CASE WHEN exported THEN substring(btrim("Text") FROM '^\S+') END,
                name_zh = CASE WHEN exported THEN nullif(btrim(substring(btrim("Text") FROM '^\S+\s+(.*)$')), '')
                               ELSE coalesce(nullif(btrim("Text"), ''), "Layer") END,
                geom = ST_Multi(geom);
            ALTER TABLE {staged}_outlines DROP COLUMN exported;
            DROP TABLE {staged};
            ALTER TABLE {staged}_outlines RENAME TO {table};
            ALTER TABLE {staged} ADD PRIMARY KEY (ogc_fid);
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
