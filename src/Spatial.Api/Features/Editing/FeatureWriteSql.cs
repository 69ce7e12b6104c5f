using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Features.Collections;

namespace Spatial.Api.Features.Editing;

/// <summary>
/// The statements of a write. Identifiers come from the database's own description of the layer
/// (<see cref="EditingSchema"/>), values are parameters; the triggers stamp the version and record history.
/// </summary>
public static class FeatureWriteSql
{
    public static string Lock(EditableLayer layer) =>
        $"SELECT version, feature_attributes(to_jsonb(t))::text, geom FROM {layer.Table} t WHERE id = $1 FOR UPDATE";

    public static string Insert(EditableLayer layer) => $"""
        INSERT INTO {layer.Table} (id, {string.Join(", ", layer.Columns.Select(c => c.Name))}, geom)
        VALUES ($1, {string.Join(", ", layer.Columns.Select((_, i) => Placeholder(i + 2)))}, {Geometry(layer, layer.Columns.Count + 2)})
        ON CONFLICT (id) DO NOTHING
        RETURNING version
        """;

    /// <summary>Sets every editable column, and the geometry when <paramref name="withGeometry"/>.</summary>
    public static string Update(EditableLayer layer, bool withGeometry)
    {
        var names = layer.Columns.Select(c => c.Name).ToList();
        var values = layer.Columns.Select((_, i) => Placeholder(i + 2)).ToList();
        if (withGeometry)
        {
            names.Add("geom");
            values.Add(Geometry(layer, layer.Columns.Count + 2));
        }
        return $"UPDATE {layer.Table} SET ({string.Join(", ", names)}) = ROW({string.Join(", ", values)}) WHERE id = $1 RETURNING version";
    }

    public static string Delete(EditableLayer layer) => $"DELETE FROM {layer.Table} WHERE id = $1";

    public static void AddValues(NpgsqlParameterCollection parameters, string id, EditableLayer layer, Dictionary<string, object?> values, Geometry? geometry, bool withGeometry)
    {
        parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Text });
        foreach (var column in layer.Columns)
            parameters.Add(new NpgsqlParameter { Value = values[column.Name] ?? DBNull.Value, NpgsqlDbType = DbType(column.Type) });
        if (withGeometry) parameters.Add(new NpgsqlParameter { Value = (object?)geometry ?? DBNull.Value, DataTypeName = "geometry" });
    }

    private static string Placeholder(int index) => $"${index}";

    private static string Geometry(EditableLayer layer, int index) =>
        layer.Point ? $"ST_Transform(${index}::geometry, 4490)" : $"ST_Multi(ST_Transform(${index}::geometry, 4490))";

    private static NpgsqlDbType DbType(PropertyType type) => type switch
    {
        PropertyType.Number => NpgsqlDbType.Numeric,
        PropertyType.Integer => NpgsqlDbType.Integer,
        PropertyType.Boolean => NpgsqlDbType.Boolean,
        PropertyType.StringArray => NpgsqlDbType.Array | NpgsqlDbType.Text,
        PropertyType.DateTime => NpgsqlDbType.TimestampTz,
        PropertyType.Date => NpgsqlDbType.Date,
        _ => NpgsqlDbType.Text,
    };
}
