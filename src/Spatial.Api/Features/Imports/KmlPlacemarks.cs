using Npgsql;
using Spatial.Api.Features.Editing;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// A KML's placemarks as features. GDAL (LIBKML) gives each placemark's own elements as fields beside its
/// ExtendedData: <c>&lt;name&gt;</c> is the feature's Chinese name (name_zh), as an export writes it, unless the file
/// has a name_zh field or the mapping says where Name goes or what fills name_zh; drawing flags (tessellate, extrude,
/// visibility) and elements no placemark fills are KML's structure, not data, so they are not reported as unknown fields.
/// </summary>
public static class KmlPlacemarks
{
    private static readonly string[] DrawingFlags = ["tessellate", "extrude", "visibility"];
    private static readonly string[] Elements = ["description", "timestamp", "begin", "end", "altitudeMode", "drawOrder", "icon"];

    public static async Task TidyAsync(NpgsqlConnection connection, string table, EditableLayer layer, IReadOnlyDictionary<string, string> mapping,
        CancellationToken cancellationToken)
    {
        var staged = $"{Staging.Schema}.{table}";
        var columns = (await StagedColumns.ListAsync(connection, table, cancellationToken)).Select(c => c.Name).ToList();
        bool Is(string column, string name) => column.Equals(name, StringComparison.OrdinalIgnoreCase);
        bool Claimed(string column) => mapping.ContainsKey(column) || layer.Column(column) is not null;
        var name = columns.FirstOrDefault(c => Is(c, "Name") && !Claimed(c));
        var nameIsNameZh = name is not null && layer.Column("name_zh") is not null && !columns.Any(c => Is(c, "name_zh")) && !mapping.Values.Contains("name_zh");
        var dropped = columns.Where(c => DrawingFlags.Any(f => Is(c, f)) && !Claimed(c)).ToList();
        var elements = columns.Where(c => (Elements.Any(e => Is(c, e)) || (c == name && !nameIsNameZh)) && !Claimed(c)).ToList();
        if (elements.Count > 0)
        {
            await using var filled = new NpgsqlCommand(
                $"SELECT ARRAY[{string.Join(", ", elements.Select(e => $"count({StagedColumns.Quote(e)})"))}] FROM {staged}", connection);
            var counts = (long[])(await filled.ExecuteScalarAsync(cancellationToken))!;
            dropped.AddRange(elements.Where((_, i) => counts[i] == 0));
        }
        var statements = dropped.Select(c => $"ALTER TABLE {staged} DROP COLUMN {StagedColumns.Quote(c)}").ToList();
        if (nameIsNameZh) statements.Add($"ALTER TABLE {staged} RENAME COLUMN {StagedColumns.Quote(name!)} TO name_zh");
        if (statements.Count > 0) await StagedColumns.ExecuteAsync(connection, string.Join(";\n", statements), cancellationToken);
    }
}
