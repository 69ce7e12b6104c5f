using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Features.Collections;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>
/// What a row of the overlay is: a footprint's own measures, its intersection with a feature of one layer, or a
/// neighbour — a project, zone, water body or ecological area in the frame of the report's map, clipped to it.
/// </summary>
public enum OverlayKind { Measure, County, Park, Ecological, Water, Project, Zone, Neighbour }

public static class OverlayKinds
{
    /// <summary>The kind as the overlay statement and the overlap features name it: county, water, …</summary>
    public static string Code(this OverlayKind kind) => kind.ToString().ToLowerInvariant();

    public static OverlayKind Parse(string code) => Enum.Parse<OverlayKind>(code, ignoreCase: true);
}

/// <summary>
/// One row of the overlay: a footprint's measures (its outline as <see cref="GeoJson"/>) or one of its intersections. <see cref="Indicative"/>: the other
/// feature's outline is a stand-in placed by rule (its geometry source says so). <see cref="Industrial"/> (measures):
/// the footprint's sector is an industrial one, which belongs in a park.
/// </summary>
public sealed record OverlayRow(
    OverlayKind Kind, int Parcel, string? Id, string? NameZh, string? NameEn, string[] Info, double Area, double? Other, string? GeoJson, byte[]? Wkb,
    string? GeometrySource = null, bool Indicative = false, bool Industrial = false);

/// <summary>
/// The overlay of footprints on every layer, as one statement: PostGIS measures each footprint
/// (ellipsoidal area and perimeter) and intersects it with counties, parks, ecological areas, water
/// bodies, other projects and planting zones. An invalid footprint is intersected through a repaired
/// copy so it can still be measured; the report says it is invalid. The repair keeps the area the
/// rings enclose ('structure'): 'linework' would keep alternate faces of a crossed outline and takes
/// tens of seconds on a star of a hundred vertices. For the printed report, the same statement brings the nearest
/// 60 features around each footprint for the report's map (neighbours), so the page needs no query of its own.
/// </summary>
public static class FootprintOverlay
{
    private const string SubmittedInput = """
        SELECT u.ord::int AS parcel, NULL::text AS self_id, $4::text AS replaces_id, ST_GeomFromWKB(u.wkb, 4490) AS raw
        FROM unnest($1::bytea[]) WITH ORDINALITY AS u (wkb, ord)
        """;

    private const string StoredInput = """
        SELECT (row_number() OVER (ORDER BY p.id))::int AS parcel, p.id AS self_id, NULL::text AS replaces_id, p.geom AS raw
        FROM projects p WHERE p.geom IS NOT NULL AND ($1::text IS NULL OR p.id = $1)
        """;

    private const string Overlay = """
        WITH input AS (/*input*/),
        footprint AS (
            SELECT parcel, self_id, replaces_id, raw, ST_IsValid(raw) AS valid,
                   CASE WHEN ST_IsValid(raw) THEN raw ELSE ST_CollectionExtract(ST_MakeValid(raw, 'method=structure'), 3) END AS geom
            FROM input),
        hits AS (
            SELECT 'county' AS kind, f.parcel, c.code AS id, c.name_zh, c.name_en, ARRAY[]::text[] AS info,
                   ST_Intersection(f.geom, c.geom) AS part, c.area_m2 AS other, c.geometry_source AS source
            FROM footprint f JOIN counties c ON ST_Intersects(f.geom, c.geom)
            UNION ALL
            SELECT 'park', f.parcel, k.id, k.name_zh, k.name_en, k.sectors, ST_Intersection(f.geom, k.geom), k.area_m2, k.geometry_source
            FROM footprint f JOIN industrial_parks k ON ST_Intersects(f.geom, k.geom)
            UNION ALL
            SELECT 'ecological', f.parcel, e.id, e.name_zh, e.name_en, ARRAY[e.kind], ST_Intersection(f.geom, e.geom), e.area_m2, e.geometry_source
            FROM footprint f JOIN ecological_areas e ON ST_Intersects(f.geom, e.geom)
            UNION ALL
            SELECT 'water', f.parcel, w.id, w.name_zh, w.name_en, ARRAY[w.kind], ST_Intersection(f.geom, w.geom), w.area_m2, w.geometry_source
            FROM footprint f JOIN water_bodies w ON ST_Intersects(f.geom, w.geom)
            UNION ALL
            SELECT 'project', f.parcel, p.id, p.name_zh, p.name_en, ARRAY[p.sector], ST_Intersection(f.geom, p.geom), p.area_m2, p.geometry_source
            FROM footprint f JOIN projects p ON ST_Intersects(f.geom, p.geom)
                AND p.id IS DISTINCT FROM f.self_id AND p.id IS DISTINCT FROM f.replaces_id
            UNION ALL
            SELECT 'zone', f.parcel, z.id, z.name_zh, z.name_en, z.crops_zh, ST_Intersection(f.geom, z.geom), z.area_m2, z.geometry_source
            FROM footprint f JOIN planting_zones z ON ST_Intersects(f.geom, z.geom)),
        frame AS (
            SELECT f.parcel, f.self_id, f.replaces_id, f.geom,
                   ST_Expand(ST_Envelope(f.geom), 0.6 * greatest(ST_XMax(f.geom) - ST_XMin(f.geom), ST_YMax(f.geom) - ST_YMin(f.geom)) + 0.003) AS box
            FROM footprint f WHERE /*drawing*/),
        near AS (
            SELECT w.parcel, n.kind, n.id, n.name_zh, n.name_en, ST_CollectionExtract(ST_Intersection(n.geom, w.box), 3) AS part
            FROM frame w CROSS JOIN LATERAL (
                SELECT * FROM (
                    SELECT 'project' AS kind, p.id, p.name_zh, p.name_en, p.geom FROM projects p
                    WHERE p.geom && w.box AND p.id IS DISTINCT FROM w.self_id AND p.id IS DISTINCT FROM w.replaces_id
                    UNION ALL SELECT 'zone', z.id, z.name_zh, z.name_en, z.geom FROM planting_zones z WHERE z.geom && w.box
                    UNION ALL SELECT 'water', b.id, b.name_zh, b.name_en, b.geom FROM water_bodies b WHERE b.geom && w.box
                    UNION ALL SELECT 'ecological', e.id, e.name_zh, e.name_en, e.geom FROM ecological_areas e WHERE e.geom && w.box) c
                WHERE ST_Intersects(c.geom, w.box)
                ORDER BY ST_Distance(c.geom, w.geom), c.kind, c.id LIMIT 60) n)
        SELECT 'measure', f.parcel, f.self_id, p.name_zh, p.name_en, ARRAY[f.valid::text, p.sector],
               ST_Area(f.geom::geography), ST_Perimeter(f.geom::geography), CASE WHEN $2 THEN /*outline*/ END,
               CASE WHEN f.self_id IS NOT NULL THEN ST_AsBinary(f.geom) END, NULL, false, coalesce(s.industrial, false)
        FROM footprint f LEFT JOIN projects p ON p.id = f.self_id LEFT JOIN sectors s ON s.code = coalesce(p.sector, $3)
        UNION ALL
        SELECT h.kind, h.parcel, h.id, h.name_zh, h.name_en, h.info, ST_Area(h.part::geography), h.other,
               CASE WHEN $2 AND h.kind NOT IN ('county', 'park') THEN /*overlap*/ END, /*overlapwkb*/, h.source,
               coalesce(g.indicative, false), false
        FROM hits h LEFT JOIN geometry_sources g ON g.code = h.source
        UNION ALL
        SELECT 'neighbour', n.parcel, n.id, n.name_zh, n.name_en, ARRAY[n.kind], 0, NULL, NULL, ST_AsBinary(n.part), NULL, false, false
        FROM near n WHERE NOT ST_IsEmpty(n.part)
        ORDER BY 2, 1, 3
        """;

    /// <summary>
    /// The statement for one input and one response CRS: the outline as submitted or stored and the overlaps written by
    /// PostGIS like every other geometry of the service (<see cref="ItemsSql.GeometryJson(CrsReference, string)"/>: the
    /// CRS's axis order, no "crs" member).
    /// </summary>
    /// <remarks><paramref name="drawing"/> (the printed report): the neighbours, and each overlap also as lon/lat WKB for the
    /// map drawn in the parcel's plane, whatever CRS the JSON's overlaps are written in.</remarks>
    private static string Sql(string input, CrsReference crs, bool drawing) => Overlay
        .Replace("/*drawing*/", drawing ? "true" : "false", StringComparison.Ordinal)
        .Replace("/*overlapwkb*/", drawing ? "CASE WHEN h.kind NOT IN ('county', 'park') THEN ST_AsBinary(ST_CollectionExtract(h.part, 3)) END" : "NULL::bytea",
            StringComparison.Ordinal)
        .Replace("/*input*/", input, StringComparison.Ordinal)
        .Replace("/*outline*/", ItemsSql.GeometryJson(crs, "f.raw"), StringComparison.Ordinal)
        .Replace("/*overlap*/", ItemsSql.GeometryJson(crs, "ST_CollectionExtract(h.part, 3)"), StringComparison.Ordinal);

    /// <summary>
    /// Submitted footprints, of the given sector (a stored project's own sector is used for it); they never
    /// conflict with the stored project they are to replace (<see cref="CheckOptions.ReplacesProject"/>).
    /// </summary>
    public static Task<List<OverlayRow>> ForSubmittedAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<byte[]> wkb, CheckOptions options, CancellationToken cancellationToken) =>
        RunAsync(dataSource, Sql(SubmittedInput, options.Crs, options.Drawing),
            new NpgsqlParameter { Value = wkb.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea }, options, submitted: true, cancellationToken);

    /// <summary>Stored projects: one (projectId) or all (null); a project never conflicts with itself.</summary>
    public static Task<List<OverlayRow>> ForStoredAsync(
        NpgsqlDataSource dataSource, string? projectId, CheckOptions options, CancellationToken cancellationToken) =>
        RunAsync(dataSource, Sql(StoredInput, options.Crs, options.Drawing),
            new NpgsqlParameter { Value = (object?)projectId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }, options, submitted: false, cancellationToken);

    private static async Task<List<OverlayRow>> RunAsync(
        NpgsqlDataSource dataSource, string sql, NpgsqlParameter input, CheckOptions options, bool submitted, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(input);
        command.Parameters.Add(new NpgsqlParameter { Value = options.IncludeGeometry });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)options.Sector ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (submitted)
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)options.ReplacesProject ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<OverlayRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new OverlayRow(OverlayKinds.Parse(reader.GetString(0)), reader.GetInt32(1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
                reader.IsDBNull(5) ? [] : reader.GetFieldValue<string[]>(5), reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetDouble(7),
                Text(reader, 8), reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9), Text(reader, 10), reader.GetBoolean(11), reader.GetBoolean(12)));
        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
