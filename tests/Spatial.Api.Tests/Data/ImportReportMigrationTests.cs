using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

/// <summary>Script 009 takes the import reports stored before it (camelCase <c>sourceRef</c>) to the snake_case the resource now serves.</summary>
public sealed class ImportReportMigrationTests
{
    [Fact]
    public async Task Script_009_renames_source_ref_in_every_stored_report_and_changes_nothing_else()
    {
        await using var database = await TestDatabase.CreateAsync();
        var scripts = SchemaScripts.Embedded();
        await new Migrator(scripts.Where(s => s.Version < 9).ToList()).ApplyAsync(database.DataSource, CancellationToken.None);
        const string before = """
            [{"index": 1, "sourceRef": "测绘 1", "id": "a", "action": "created", "reasons": [], "warnings": []},
             {"index": 2, "id": "b", "action": "rejected", "reasons": [{"code": "type", "message": "sourceRef stays in words"}], "warnings": []}]
            """;
        await database.ScalarAsync<object>("""
            INSERT INTO imports (layer, collection, status, dry_run, user_name, format, file_bytes, features)
            VALUES ('projects', 'projects', 'succeeded', true, 'old', 'geojson', 1, $1::jsonb), ('projects', 'projects', 'failed', false, 'old', 'txt', 1, '[]')
            """, before);

        var applied = await new Migrator(scripts.Where(s => s.Version <= 9).ToList()).ApplyAsync(database.DataSource, CancellationToken.None);

        Assert.Equal([9], applied.Select(s => s.Version));
        var reports = await database.RowsAsync("SELECT features::text FROM imports ORDER BY id", r => r.GetString(0));
        Assert.Equal("""
            [{"id": "a", "index": 1, "action": "created", "reasons": [], "warnings": [], "source_ref": "测绘 1"}, {"id": "b", "index": 2, "action": "rejected", "reasons": [{"code": "type", "message": "sourceRef stays in words"}], "warnings": []}]
            """.Trim(), reports[0]);
        Assert.Equal("[]", reports[1]);
    }
}
