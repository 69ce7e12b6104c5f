using Npgsql;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Vocabulary;

/// <summary>One code of a vocabulary, its labels, and the other columns of its row as a JSON object (e.g. <c>{"industrial":true}</c>).</summary>
public sealed record Term(string Code, string NameZh, string NameEn, string Attributes);

/// <summary>A layer as the <c>layers</c> table names it; <see cref="Id"/> is its collection id.</summary>
public sealed record LayerName(string Id, string NameZh, string NameEn, string Title);

/// <summary>Every vocabulary and the layers, read together; <see cref="Version"/> changes with any of their rows.</summary>
public sealed record VocabularySnapshot(
    long Version, DateTimeOffset ChangedAt, IReadOnlyDictionary<CodeList, IReadOnlyList<Term>> Lists, IReadOnlyList<LayerName> Layers)
{
    public IReadOnlyList<string> Codes(CodeList list) => Lists.TryGetValue(list, out var terms) ? terms.Select(t => t.Code).ToList() : [];

    /// <summary>The layer's title; its id when the layers table does not name it.</summary>
    public string TitleOf(string layerId) => Layers.FirstOrDefault(l => l.Id == layerId)?.Title ?? layerId;
}

/// <summary>Reads the vocabularies from their lookup tables: the one place their codes and labels come from.</summary>
public static class Vocabularies
{
    private static readonly CodeList[] All = Enum.GetValues<CodeList>();

    // Each vocabulary table and the layers table bump their row of layer_versions on every write; versions
    // only grow, so their sum changes whenever any of them does.
    private const string VersionSql = """
        SELECT coalesce(sum(version), 0)::bigint, coalesce(max(changed_at), '-infinity') FROM layer_versions WHERE layer = ANY($1)
        """;

    private static readonly string TermsSql = string.Join("\nUNION ALL\n", All.Select(list => $"""
        SELECT '{list.Table()}', t.code, t.name_zh, t.name_en, (to_jsonb(t) - 'code' - 'name_zh' - 'name_en')::text FROM {list.Table()} t
        """)) + "\nORDER BY 1, 2";

    private const string LayersSql = "SELECT code, name_zh, name_en, title FROM layers ORDER BY position";

    private static readonly string[] VersionedTables = [.. All.Select(list => list.Table()), "layers"];

    private static readonly Dictionary<string, CodeList> ByTable = All.ToDictionary(list => list.Table());

    /// <summary>Every vocabulary and the layers in one round trip.</summary>
    public static async Task<VocabularySnapshot> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var version = new NpgsqlBatchCommand(VersionSql);
        version.Parameters.Add(new NpgsqlParameter { Value = VersionedTables });
        batch.BatchCommands.Add(version);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(TermsSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LayersSql));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        await reader.ReadAsync(cancellationToken);
        var (number, changedAt) = (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
        await reader.NextResultAsync(cancellationToken);
        var lists = All.ToDictionary(list => list, _ => new List<Term>());
        while (await reader.ReadAsync(cancellationToken))
            lists[ByTable[reader.GetString(0)]].Add(new Term(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        await reader.NextResultAsync(cancellationToken);
        var layers = new List<LayerName>();
        while (await reader.ReadAsync(cancellationToken))
            layers.Add(new LayerName(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return new VocabularySnapshot(number, changedAt, lists.ToDictionary(l => l.Key, l => (IReadOnlyList<Term>)l.Value), layers);
    }

    /// <summary>The codes of one vocabulary, in code order.</summary>
    public static async Task<IReadOnlyList<string>> CodesAsync(NpgsqlDataSource dataSource, CodeList list, CancellationToken cancellationToken)
    {
        // The table name comes from the enum, never from a request.
        await using var command = dataSource.CreateCommand($"SELECT code FROM {list.Table()} ORDER BY code");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var codes = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) codes.Add(reader.GetString(0));
        return codes;
    }

    /// <summary>A parameter whose value must be a code of <paramref name="list"/>; an absent one passes.</summary>
    public static async Task<ParameterError?> CheckAsync(
        NpgsqlDataSource dataSource, CodeList list, string parameter, string? value, CancellationToken cancellationToken) =>
        value is null ? null : ParameterChecks.OneOf(parameter, value, await CodesAsync(dataSource, list, cancellationToken), list.Member());
}
