using System.Globalization;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Spatial.Api.Features.Editing;

/// <summary>
/// The checks only the database can make, all at once: the outline inside the plan area (the counties
/// of 鸡西市 and 绥芬河市), the county it lies in, and every code naming a row of a lookup or parent table.
/// </summary>
public static class FeatureChecks
{
    /// <summary>Area outside the counties beyond which an outline is refused (slivers along indicative county borders pass).</summary>
    private const double OutsideToleranceM2 = 1;

    /// <summary>
    /// The facts about an outline in CGCS2000 that the place rules judge, as columns over the geometry expression
    /// <paramref name="geometry"/>: area outside the counties (m²), area (m²), the county it mostly lies in, validity
    /// and its reason. One definition for a single write and for every row of an import. An outline inside one county
    /// (nearly all) is settled by ST_Covers, which PostGIS prepares once per county for all the rows of a statement;
    /// only one across a border pays for the union and the difference.
    /// </summary>
    public static string PlaceColumns(string geometry) => $"""
        CASE WHEN NOT ST_IsValid({geometry}) THEN 0
             WHEN EXISTS (SELECT 1 FROM counties pc WHERE ST_Covers(pc.geom, {geometry})) THEN 0
             WHEN GeometryType({geometry}) = 'POINT' THEN 1
             ELSE ST_Area(ST_Difference({geometry}, coalesce((SELECT ST_Union(pc.geom) FROM counties pc WHERE pc.geom && {geometry}),
                                                             ST_SetSRID('POLYGON EMPTY'::geometry, 4490)))::geography) END,
        CASE WHEN GeometryType({geometry}) = 'POINT' THEN 0 ELSE ST_Area({geometry}::geography) END,
        CASE WHEN ST_IsValid({geometry}) THEN coalesce(
             (SELECT pc.code FROM counties pc WHERE ST_Covers(pc.geom, {geometry}) ORDER BY pc.code LIMIT 1),
             (SELECT pc.code FROM counties pc WHERE ST_Intersects(pc.geom, {geometry})
              ORDER BY ST_Area(ST_Intersection(pc.geom, {geometry})::geography) DESC, pc.code LIMIT 1)) END,
        ST_IsValid({geometry}), ST_IsValidReason({geometry})
        """;

    /// <summary>The facts of <see cref="PlaceColumns"/> as read back, from the column at <paramref name="first"/> on.</summary>
    public sealed record PlaceFacts(double OutsideM2, double AreaM2, string? County, bool Valid, string ValidityReason)
    {
        public static PlaceFacts Read(NpgsqlDataReader reader, int first) => new(reader.GetDouble(first), reader.GetDouble(first + 1),
            reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2), reader.GetBoolean(first + 3), reader.GetString(first + 4));
    }

    private static readonly string PlaceSql = $"WITH g AS (SELECT ST_Transform($1::geometry, 4490) AS geom) SELECT {PlaceColumns("g.geom")} FROM g";

    /// <summary>Checks the outline's place; fills a missing county_code from it, or says where a given one is wrong.</summary>
    public static async Task CheckPlaceAsync(NpgsqlConnection connection, EditableLayer layer, Geometry geometry,
        Dictionary<string, object?> values, List<FieldError> errors, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PlaceSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = geometry });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        JudgePlace(layer, PlaceFacts.Read(reader, 0), values, errors);
    }

    /// <summary>The place rules: valid, inside the plan area, and the county it lies in (filled when not given).</summary>
    public static void JudgePlace(EditableLayer layer, PlaceFacts facts, Dictionary<string, object?> values, List<FieldError> errors)
    {
        var (outside, area, county) = (facts.OutsideM2, facts.AreaM2, facts.County);
        if (!facts.Valid)
        {
            errors.Add(new("/geometry", $"invalid in CGCS2000 after transformation: {facts.ValidityReason}", "invalid_geometry"));
            return;
        }
        if (layer.Point ? outside > 0 : outside > OutsideToleranceM2)
            errors.Add(new("/geometry", layer.Point
                ? "the point lies outside the plan area (the counties of 鸡西市 and 绥芬河市)"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{outside:0} m² ({(area > 0 ? outside / area : 1):P1}) of the outline lies outside the plan area (the counties of 鸡西市 and 绥芬河市)"), "outside_plan_area"));
        if (layer.Column("county_code") is null || county is null) return;
        if (values["county_code"] is not string given) values["county_code"] = county;
        else if (given != county)
            errors.Add(new(FeatureValues.Pointer("county_code"), $"'{given}' does not match the outline, which lies {(layer.Point ? "" : "mostly ")}in county {county}", "county_mismatch"));
    }

    /// <summary>A project without a site has no geometry source, and one with a site says where its outline comes from.</summary>
    public static FieldError? GeometrySource(EditableLayer layer, bool hasGeometry, object? geometrySource)
    {
        if (layer.GeometryRequired || layer.Column("geometry_source") is null) return null;
        if (!hasGeometry && geometrySource is not null) return new(FeatureValues.Pointer("geometry_source"), "must be null for a feature without a geometry", "geometry_source");
        if (hasGeometry && geometrySource is null) return new(FeatureValues.Pointer("geometry_source"), "required with a geometry: surveyed, derived or indicative", "geometry_source");
        return null;
    }

    /// <summary>The words of a code that names no row of its lookup or parent table.</summary>
    public static FieldError NotInTable(EditableColumn column, object value, long rows, string firstCodes) =>
        new(FeatureValues.Pointer(column.Name), $"'{value}' is not in {column.References!.Split('.')[0]}{(rows <= 30 ? $"; one of {firstCodes}" : "")}", "unknown_code");

    /// <summary>The first codes of a column's lookup table (for messages) and how many there are.</summary>
    public static string ChoicesSql(EditableColumn column)
    {
        var (table, key) = (column.References!.Split('.')[0], column.References.Split('.')[1]);
        return $"""SELECT coalesce((SELECT string_agg(v, ', ' ORDER BY v) FROM (SELECT "{key}"::text AS v FROM "{table}" LIMIT 31) x), ''), (SELECT count(*) FROM "{table}")""";
    }

    /// <summary>Every given value of a column with a foreign key must name a row there; the message lists the choices of a short list.</summary>
    public static async Task CheckReferencesAsync(NpgsqlConnection connection, EditableLayer layer,
        Dictionary<string, object?> values, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var checks = layer.Columns.Where(c => c.References is not null && values[c.Name] is string).ToList();
        if (checks.Count == 0) return;
        await using var batch = new NpgsqlBatch(connection);
        foreach (var column in checks)
        {
            var (table, key) = (column.References!.Split('.')[0], column.References.Split('.')[1]);
            var command = new NpgsqlBatchCommand($"""{ChoicesSql(column)} WHERE NOT EXISTS (SELECT 1 FROM "{table}" WHERE "{key}"::text = $1)""");
            command.Parameters.Add(new NpgsqlParameter { Value = values[column.Name]!, NpgsqlDbType = NpgsqlDbType.Text });
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var column in checks)
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                errors.Add(NotInTable(column, values[column.Name]!, reader.GetInt64(1), reader.GetString(0)));
            }
            await reader.NextResultAsync(cancellationToken);
        }
    }
}
