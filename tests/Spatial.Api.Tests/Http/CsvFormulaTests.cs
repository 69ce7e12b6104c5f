using System.Text;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http;

/// <summary>Runs on a database of its own: its hostile project names never appear in the shared fixture's pages and counts.</summary>
public sealed class CsvFormulaTests
{
    // What an attacker types as a project name; Excel would run each one as a formula.
    private static readonly string[] Formulas =
        ["=HYPERLINK(\"http://example.invalid/\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR"];

    [Fact]
    public async Task Cells_that_a_spreadsheet_would_run_as_formulas_are_written_as_text_in_every_CSV()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await InsertProjectsAsync(database);
        await using var app = new SpatialApp(database.ConnectionString);
        using var client = await app.ReadyClientAsync();

        var items = await CsvAsync(client, "/collections/projects/items?f=csv&limit=100&filter=" + Uri.EscapeDataString("name_en = 'formula'"));
        var checks = await CsvAsync(client, "/footprint-checks/projects?f=csv");

        var itemNames = Column(items, "name_zh");
        Assert.Equal(Formulas.Select(f => "'" + f), itemNames);
        Assert.Equal(Formulas.Select(f => "'" + f), Column(items, "summary_zh"));
        Assert.All(Column(items, "investment_cny"), cell => Assert.Equal("12345.67", cell));
        var checkedNames = checks.Skip(1).Where(r => r[0].StartsWith("T-CSV-", StringComparison.Ordinal)).OrderBy(r => r[0], StringComparer.Ordinal).Select(r => r[1]);
        Assert.Equal(Formulas.Select(f => "'" + f), checkedNames);
    }

    private static async Task InsertProjectsAsync(TestDatabase database)
    {
        await database.ScalarAsync<object?>(
            "INSERT INTO plans (code, name_zh, name_en, issued_by, source_file) VALUES ('jixi-2022', '测试规划', 'Test plan', 'test', 'test') RETURNING NULL");
        for (var i = 0; i < Formulas.Length; i++)
        {
            await using var command = database.DataSource.CreateCommand("""
                INSERT INTO projects (id, name_zh, name_en, sector, summary_zh, investment_cny, status, scope, plan, source_ref, geometry_source, location_note, geom)
                VALUES ($1, $2, 'formula', 'bio_energy', $2, 12345.67, 'planned', 'site', 'jixi-2022', $1, 'indicative', 'test row',
                        ST_Multi(ST_Expand(ST_SetSRID(ST_Point(132.9 + $3 * 0.01, 45.9), 4490), 0.001)))
                """);
            command.Parameters.Add(new() { Value = $"T-CSV-{i + 1}" });
            command.Parameters.Add(new() { Value = Formulas[i] });
            command.Parameters.Add(new() { Value = (double)i });
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string[]>> CsvAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        var rows = CsvRecords.Parse(text[1..]);
        Assert.True(rows.Count > 1, $"{url} has no rows");
        return rows;
    }

    private static List<string> Column(List<string[]> rows, string name)
    {
        var index = Array.FindIndex(rows[0], h => h == name);
        Assert.True(index >= 0, $"no column {name} in {string.Join(',', rows[0])}");
        return rows.Skip(1).Select(r => r[index]).ToList();
    }
}
