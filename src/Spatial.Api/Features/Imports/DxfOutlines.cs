using Npgsql;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// A survey drawing (CASS DXF) as outlines: GDAL gives closed polylines as lines, hatches as polygons and texts as
/// points. In PostGIS the closed lines become polygons (ST_MakePolygon; ST_BuildArea for several parts), everything
/// else is dropped, and each outline is named by a text inside it, else by its CAD layer (column name_zh; the
/// <c>mapping</c> parameter can take Layer or Text instead).
/// </summary>
public static class DxfOutlines
{
    public static async Task BuildAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var staged = $"{Staging.Schema}.{table}";
        var sql = $"""
            CREATE TABLE {staged}_outlines AS
            SELECT row_number() OVER (ORDER BY p.ogc_fid)::int AS ogc_fid, p."Layer", p."EntityHandle",
                   (SELECT t."Text" FROM {staged} t
                    WHERE GeometryType(t.geom) = 'POINT' AND nullif(btrim(t."Text"), '') IS NOT NULL AND ST_Within(t.geom, p.outline)
                    ORDER BY t.ogc_fid LIMIT 1) AS "Text",
                   p.outline AS geom
            FROM (SELECT s.ogc_fid, s."Layer", s."EntityHandle",
                         CASE WHEN GeometryType(s.geom) IN ('POLYGON', 'MULTIPOLYGON') THEN s.geom
                              WHEN GeometryType(s.geom) = 'LINESTRING' AND ST_IsClosed(s.geom) AND ST_NPoints(s.geom) >= 4 THEN ST_MakePolygon(s.geom)
                              WHEN GeometryType(s.geom) = 'MULTILINESTRING' AND ST_IsClosed(s.geom) THEN ST_BuildArea(s.geom) END AS outline
                  FROM {staged} s) p
            WHERE p.outline IS NOT NULL;
            ALTER TABLE {staged}_outlines ADD COLUMN name_zh text;
            UPDATE {staged}_outlines SET name_zh = coalesce(nullif(btrim("Text"), ''), "Layer"), geom = ST_Multi(geom);
            DROP TABLE {staged};
            ALTER TABLE {staged}_outlines RENAME TO {table};
            ALTER TABLE {staged} ADD PRIMARY KEY (ogc_fid);
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
