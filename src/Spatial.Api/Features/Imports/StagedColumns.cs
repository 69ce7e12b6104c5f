using Npgsql;
using NpgsqlTypes;

namespace Spatial.Api.Features.Imports;

/// <summary>A column of a staging table as GDAL made it: its name and whether it holds text.</summary>
public sealed record StagedColumn(string Name, bool IsText);

/// <summary>The columns of a staging table, for the steps that fit a format's own conventions after ogr2ogr (CSV cells, KML placemarks).</summary>
public static class StagedColumns
{
    private const string ColumnsSql = """
        SELECT a.attname::text, t.typcategory = 'S'
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attname NOT IN ('ogc_fid', 'geom')
        ORDER BY a.attnum
        """;

    public static async Task<IReadOnlyList<StagedColumn>> ListAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var columns = new List<StagedColumn>();
        await using var command = new NpgsqlCommand(ColumnsSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"{Staging.Schema}.{table}", NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) columns.Add(new StagedColumn(reader.GetString(0), reader.GetBoolean(1)));
        return columns;
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
