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

    private const string PlaceSql = """
        WITH g AS (SELECT ST_Transform($1::geometry, 4490) AS geom)
        SELECT CASE WHEN GeometryType(g.geom) = 'POINT'
                    THEN CASE WHEN EXISTS (SELECT 1 FROM counties c WHERE ST_Covers(c.geom, g.geom)) THEN 0 ELSE 1 END
                    ELSE ST_Area(ST_Difference(g.geom, coalesce((SELECT ST_Union(c.geom) FROM counties c WHERE c.geom && g.geom),
                                                                ST_SetSRID('POLYGON EMPTY'::geometry, 4490)))::geography) END,
               CASE WHEN GeometryType(g.geom) = 'POINT' THEN 0 ELSE ST_Area(g.geom::geography) END,
               (SELECT c.code FROM counties c WHERE ST_Intersects(c.geom, g.geom)
                ORDER BY ST_Area(ST_Intersection(c.geom, g.geom)::geography) DESC, c.code LIMIT 1),
               ST_IsValid(g.geom), ST_IsValidReason(g.geom)
        FROM g
        """;

    /// <summary>Checks the outline's place; fills a missing county_code from it, or says where a given one is wrong.</summary>
    public static async Task CheckPlaceAsync(NpgsqlConnection connection, EditableLayer layer, Geometry geometry,
        Dictionary<string, object?> values, List<FieldError> errors, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PlaceSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = geometry });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (outside, area) = (reader.GetDouble(0), reader.GetDouble(1));
        var county = reader.IsDBNull(2) ? null : reader.GetString(2);
        if (!reader.GetBoolean(3))
        {
            errors.Add(new("/geometry", $"invalid in CGCS2000 after transformation: {reader.GetString(4)}"));
            return;
        }
        if (layer.Point ? outside > 0 : outside > OutsideToleranceM2)
            errors.Add(new("/geometry", layer.Point
                ? "the point lies outside the plan area (the counties of 鸡西市 and 绥芬河市)"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{outside:0} m² ({(area > 0 ? outside / area : 1):P1}) of the outline lies outside the plan area (the counties of 鸡西市 and 绥芬河市)")));
        if (layer.Column("county_code") is null || county is null) return;
        if (values["county_code"] is not string given) values["county_code"] = county;
        else if (given != county)
            errors.Add(new(FeatureValues.Pointer("county_code"), $"'{given}' does not match the outline, which lies {(layer.Point ? "" : "mostly ")}in county {county}"));
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
            var command = new NpgsqlBatchCommand($"""
                SELECT coalesce((SELECT string_agg(v, ', ' ORDER BY v) FROM (SELECT "{key}"::text AS v FROM "{table}" LIMIT 31) x), ''),
                       (SELECT count(*) FROM "{table}")
                WHERE NOT EXISTS (SELECT 1 FROM "{table}" WHERE "{key}"::text = $1)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = values[column.Name]!, NpgsqlDbType = NpgsqlDbType.Text });
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var column in checks)
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                var table = column.References!.Split('.')[0];
                var choices = reader.GetInt64(1) <= 30 ? $"; one of {reader.GetString(0)}" : "";
                errors.Add(new(FeatureValues.Pointer(column.Name), $"'{values[column.Name]}' is not in {table}{choices}"));
            }
            await reader.NextResultAsync(cancellationToken);
        }
    }
}
