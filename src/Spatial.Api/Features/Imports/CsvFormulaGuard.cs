using Npgsql;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// The apostrophe a CSV export puts before a text cell a spreadsheet would run as a formula ('=…, '+…, '-…, '@…, a tab or a
/// carriage return after it; see <c>CsvResult</c>) is not part of the value: a spreadsheet shows the cell without it, and an
/// import reads it so too, so a CSV exported by this service comes back as it was.
/// </summary>
public static class CsvFormulaGuard
{
    public static async Task UndoAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var text = (await StagedColumns.ListAsync(connection, table, cancellationToken)).Where(c => c.IsText).Select(c => StagedColumns.Quote(c.Name)).ToList();
        if (text.Count == 0) return;
        var assignments = text.Select(c => $"{c} = CASE WHEN {c} ~ '^''[-=+@\\t\\r]' THEN substr({c}, 2) ELSE {c} END");
        var guarded = text.Select(c => $"{c} ~ '^''[-=+@\\t\\r]'");
        await StagedColumns.ExecuteAsync(connection,
            $"UPDATE {Staging.Schema}.{table} SET {string.Join(", ", assignments)} WHERE {string.Join(" OR ", guarded)}", cancellationToken);
    }
}
