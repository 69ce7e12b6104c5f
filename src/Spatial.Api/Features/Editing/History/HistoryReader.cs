using Npgsql;

namespace Spatial.Api.Features.Editing.History;

public static class HistoryReader
{
    public static async Task<List<HistoryRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<HistoryRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new HistoryRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), Text(reader, 8), Text(reader, 9),
                Text(reader, 10), reader.GetString(11), reader.GetBoolean(12)));
        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
