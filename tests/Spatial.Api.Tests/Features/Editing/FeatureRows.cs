using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>One row of feature_history as the database holds it.</summary>
public sealed record HistoryRow(int Version, string Operation, string ChangedBy, string? Role, long? KeyId, string? Reason);

/// <summary>The database's side of a write: the stored row and its history, read with plain SQL.</summary>
internal static class FeatureRows
{
    /// <summary>The five layers the issue makes editable, by collection id (their tables spell them with '_').</summary>
    public static readonly string[] Editable = ["planting-zones", "industrial-parks", "ecological-areas", "projects", "enterprises"];

    public static string Table(string collection) => collection.Replace('-', '_');

    /// <summary>The first feature of a layer with a geometry, by id: the model for copies and bodies.</summary>
    public static async Task<string> ReferenceIdAsync(this TestDatabase database, string table) =>
        (await database.IdsAsync($"SELECT id FROM {table} WHERE geom IS NOT NULL ORDER BY id LIMIT 1")).Single();

    /// <summary>
    /// A copy of the layer's reference feature under <paramref name="newId"/>, made in SQL so a test of
    /// PUT, PATCH or DELETE does not lean on POST (projects' source_ref is unique, so the copy gets its own).
    /// </summary>
    public static async Task CopyAsync(this TestDatabase database, string table, string newId)
    {
        var columns = await database.IdsAsync("""
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
              AND column_name NOT IN ('id', 'version', 'created_at', 'updated_at')
            ORDER BY ordinal_position
            """, table);
        var select = columns.Select(c => c == "source_ref" ? "source_ref || ' (copy ' || $2 || ')'" : c);
        var from = await database.ReferenceIdAsync(table);
        await database.ScalarAsync<object>(
            $"INSERT INTO {table} (id, {string.Join(", ", columns)}) SELECT $2, {string.Join(", ", select)} FROM {table} WHERE id = $1",
            from, newId);
    }

    /// <summary>The stored attributes (no geometry) as JSON; null when there is no such row.</summary>
    public static async Task<JsonElement?> AttributesAsync(this TestDatabase database, string table, string id)
    {
        var rows = await database.RowsAsync($"SELECT (to_jsonb(t) - 'geom' - 'geom_wm')::text FROM {table} t WHERE id = $1", r => r.GetString(0), id);
        return rows.Count == 0 ? null : JsonDocument.Parse(rows[0]).RootElement.Clone();
    }

    public static async Task<string?> TextAsync(this TestDatabase database, string table, string id, string column) =>
        (await database.AttributesAsync(table, id)) is { } row && row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    public static Task<List<HistoryRow>> HistoryAsync(this TestDatabase database, string table, string id) => database.RowsAsync("""
        SELECT version, operation, changed_by, role, key_id, reason FROM feature_history
        WHERE layer = $1 AND feature_id = $2 ORDER BY version
        """, r => new HistoryRow(r.GetInt32(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                                 r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : r.GetString(5)), table, id);

    /// <summary>Every history row and every row of the five layers, counted: unchanged when nothing was written.</summary>
    public static async Task<long> WrittenRowsAsync(this TestDatabase database) => await database.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM feature_history) * 1000000
             + (SELECT count(*) FROM planting_zones) + (SELECT count(*) FROM industrial_parks) + (SELECT count(*) FROM ecological_areas)
             + (SELECT count(*) FROM projects) + (SELECT count(*) FROM enterprises)
        """);
}
