using System.Globalization;
using Npgsql;
using Spatial.Api.Features.Collections;

namespace Spatial.Api.Features.Tiles;

/// <summary>What the tileset documents say about a layer: its title (the layers table), version, and extent in lon/lat.</summary>
public sealed record TileLayerState(TileLayer Layer, string Title, long Version, DateTimeOffset ChangedAt, double[]? Bbox);

/// <summary>Reads <see cref="TileLayerState"/> for the layers of a tileset, in one statement.</summary>
public static class TileMetadata
{
    private static string Sql(IEnumerable<TileLayer> layers, bool extent) => string.Join("\nUNION ALL\n", layers.Select((l, i) => $"""
        SELECT {i.ToString(CultureInfo.InvariantCulture)}, coalesce(l.title, v.layer), v.version, v.changed_at,
               {(extent ? "ST_XMin(x.e), ST_YMin(x.e), ST_XMax(x.e), ST_YMax(x.e)" : "NULL::float8, NULL::float8, NULL::float8, NULL::float8")}
        FROM layer_versions v LEFT JOIN layers l ON l.table_name = v.layer
             {(extent ? $", (SELECT ST_Extent(geom)::geometry AS e FROM {l.Collection.Table}) x" : "")}
        WHERE v.layer = '{l.Collection.Table}'
        """));

    /// <summary>The layers' states in the order given; <paramref name="extent"/> also reads their extents (a pass over each table).</summary>
    public static async Task<List<TileLayerState>> ReadAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<TileLayer> layers, bool extent, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql(layers, extent) + "\nORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new List<TileLayerState>();
        while (await reader.ReadAsync(cancellationToken))
            states.Add(new TileLayerState(layers[reader.GetInt32(0)], reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : [reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7)]));
        return states;
    }

    /// <summary>The box around every layer's extent (lon/lat), or null when none has a geometry.</summary>
    public static double[]? Union(IEnumerable<TileLayerState> states)
    {
        double[]? union = null;
        foreach (var b in states.Select(s => s.Bbox).OfType<double[]>())
            union = union is null ? [.. b] : [Math.Min(union[0], b[0]), Math.Min(union[1], b[1]), Math.Max(union[2], b[2]), Math.Max(union[3], b[3])];
        return union;
    }

    /// <summary>0 for points, 1 for lines, 2 for areas (TMS 2.0 geometryDimension).</summary>
    public static int GeometryDimension(FeatureCollectionDefinition collection) => collection.GeometryType switch
    {
        "Point" or "MultiPoint" => 0,
        "LineString" or "MultiLineString" => 1,
        _ => 2,
    };

    /// <summary>A property's type in JSON Schema and in TileJSON's vector_layers.fields.</summary>
    public static (string Schema, string TileJson) TypeOf(FeatureProperty property) => property.Type switch
    {
        PropertyType.Boolean => ("boolean", "Boolean"),
        PropertyType.Integer => ("integer", "Number"),
        PropertyType.Number => ("number", "Number"),
        _ => ("string", "String"),
    };
}
