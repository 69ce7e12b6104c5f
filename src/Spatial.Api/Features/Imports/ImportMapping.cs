using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Features.Editing;

namespace Spatial.Api.Features.Imports;

/// <summary>A field of the staged file: its name as GDAL wrote it and whether it holds a list (text[]).</summary>
public sealed record StagedField(string Name, bool IsArray);

/// <summary>
/// Which field of the file fills which property: the <c>mapping</c> parameter first, then a field named like the
/// property (case aside). Fields the collection only serves (areas, county names, version, stamps) are passed over, as
/// a single write ignores them; every other field is unknown and listed in the report.
/// </summary>
public sealed record ImportMapping(IReadOnlyDictionary<string, IReadOnlyList<StagedField>> Sources, IReadOnlyList<StagedField> Ids,
    IReadOnlyList<string> UnknownFields, bool HasGeometry)
{
    public const string IdProperty = "id";

    private const string FieldsSql = """
        SELECT a.attname::text, t.typcategory = 'A', t.typname = 'geometry'
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'ogc_fid'
        ORDER BY a.attnum
        """;

    public bool Mapped(string column) => Sources.ContainsKey(column);

    public static async Task<ImportMapping> ResolveAsync(NpgsqlConnection connection, string table, EditableLayer layer,
        IReadOnlyDictionary<string, string> explicitMapping, CancellationToken cancellationToken)
    {
        var fields = new List<StagedField>();
        var hasGeometry = false;
        await using (var command = new NpgsqlCommand(FieldsSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = $"{Staging.Schema}.{table}", NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(2)) hasGeometry = true;
                else fields.Add(new StagedField(reader.GetString(0), reader.GetBoolean(1)));
            }
        }
        var sources = new Dictionary<string, List<StagedField>>();
        var unknown = new List<string>();
        void Add(string target, StagedField field)
        {
            if (!sources.TryGetValue(target, out var list)) sources[target] = list = [];
            list.Add(field);
        }
        foreach (var (source, target) in explicitMapping)
            if (fields.FirstOrDefault(f => f.Name == source) is { } field) Add(target, field);
        foreach (var field in fields.Where(f => !explicitMapping.ContainsKey(f.Name)))
        {
            var same = layer.Columns.FirstOrDefault(c => c.Name.Equals(field.Name, StringComparison.OrdinalIgnoreCase))?.Name
                       ?? (field.Name.Equals(IdProperty, StringComparison.OrdinalIgnoreCase) ? IdProperty : null);
            if (same is not null) Add(same, field);
            else if (!layer.IsReadOnly(field.Name.ToLowerInvariant()) && !field.Name.Equals("fid", StringComparison.OrdinalIgnoreCase)) unknown.Add(field.Name);
        }
        var ids = sources.Remove(IdProperty, out var idFields) ? idFields : [];
        return new ImportMapping(sources.ToDictionary(s => s.Key, s => (IReadOnlyList<StagedField>)s.Value), ids, unknown, hasGeometry);
    }
}
