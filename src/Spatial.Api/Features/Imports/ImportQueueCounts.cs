using Npgsql;

namespace Spatial.Api.Features.Imports;

/// <summary>How many imports are in each status (every status of the vocabulary, 0 included): for /metrics.</summary>
public static class ImportQueueCounts
{
    // The queue lives in the database, so these are the whole service's numbers, the same from every API process.
    private const string Sql = """
        SELECT s.code, count(i.id)
        FROM import_statuses s LEFT JOIN imports i ON i.status = s.code
        GROUP BY s.code
        """;

    public static async Task<IReadOnlyList<(string Status, long Count)>> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var counts = new List<(string, long)>();
        await using var command = dataSource.CreateCommand(Sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) counts.Add((reader.GetString(0), reader.GetInt64(1)));
        return counts;
    }
}
