using Npgsql;
using Spatial.Api.Features.Collections;

namespace Spatial.Api.Features.Editing;

/// <summary>Reads the editable layers from the database once per process (the schema changes only with a migration and a restart).</summary>
public sealed class EditingSchema : IDisposable
{
    private const string ColumnsSql = """
        SELECT c.table_name::text, c.column_name::text, c.is_nullable = 'YES', c.column_default IS NOT NULL,
               (SELECT rt.relname || '.' || ra.attname
                FROM pg_constraint k
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                JOIN pg_class rt ON rt.oid = k.confrelid
                JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
                WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND k.conrelid = (quote_ident(c.table_name))::regclass
                  AND a.attname = c.column_name)
        FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.is_generated = 'NEVER'
          AND c.table_name IN (SELECT layer FROM role_layers)
          AND c.column_name NOT IN ('id', 'version', 'created_at', 'updated_at')
        ORDER BY c.table_name, c.ordinal_position
        """;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private IReadOnlyDictionary<string, EditableLayer>? _layers;

    /// <summary>The editable layers by collection id.</summary>
    public async Task<IReadOnlyDictionary<string, EditableLayer>> LayersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_layers is { } known) return known;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _layers ??= await LoadAsync(connection, cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>As above, opening a connection of <paramref name="dataSource"/> only the first time.</summary>
    public async Task<IReadOnlyDictionary<string, EditableLayer>> LayersAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (_layers is { } known) return known;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LayersAsync(connection, cancellationToken);
    }

    public void Dispose() => _loading.Dispose();

    private static async Task<IReadOnlyDictionary<string, EditableLayer>> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = new List<(string Table, string Name, bool Nullable, bool HasDefault, string? References)>();
        await using (var command = new NpgsqlCommand(ColumnsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        var layers = new Dictionary<string, EditableLayer>();
        foreach (var table in columns.GroupBy(c => c.Table))
        {
            if (CollectionCatalog.All.FirstOrDefault(c => c.Table == table.Key) is not { } collection) continue;
            var editable = table.Where(c => c.Name != "geom" && collection.Property(c.Name) is not null)
                .Select(c => new EditableColumn(c.Name, collection.Property(c.Name)!.Type, !c.Nullable && !c.HasDefault, c.References))
                .ToList();
            var geometryRequired = table.Any(c => c.Name == "geom" && !c.Nullable);
            layers[collection.Id] = new EditableLayer(collection, editable, geometryRequired);
        }
        return layers;
    }
}
