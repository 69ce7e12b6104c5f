using System.Text.Json;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>A feature as its table holds it: the columns a client writes (as JSON) and its outline (EWKB, hex; null without one).</summary>
public sealed record StoredFeature(string Id, JsonElement Columns, string? Outline);

/// <summary>How an outline that went through a file compares with the stored one.</summary>
public sealed record OutlineComparison(string Id, bool Found, double? Distance, bool SameBytes, bool SameRings);

/// <summary>
/// Two databases with all of gisdata/, each with the service on it. Exports are made from the source, whose rows a
/// hostile hand has edited (quotes, markup, an ampersand, cells a spreadsheet would run as formulas, a list item with a
/// quote); they are imported into the target, which keeps a pristine copy of each layer to start every test from.
/// </summary>
public sealed class RoundTripFixture : IAsyncLifetime
{
    public EditingFixture Source { get; } = new();
    public EditingFixture Target { get; } = new();

    private static readonly string[] Tables = ["projects", "planting_zones"];

    private const string HostileEdits = """
        UPDATE projects SET name_zh = '密山"吉电"<b>智慧</b>&新能源 ''生物质''燃料项目', name_en = '=HYPERLINK("http://example.com","点我")',
                            location_note = '@备注 +1 -2'
        WHERE id = 'JX-28';
        UPDATE planting_zones SET name_en = '-Rice & "soy" <i>zone</i>', crops_zh = ARRAY['水稻', '大豆"（有机）'], crops_en = ARRAY['rice', '+soy "organic"']
        WHERE id = (SELECT min(id) FROM planting_zones);
        """;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Source.InitializeAsync(), Target.InitializeAsync());
        await Source.Database.ScalarAsync<object>(HostileEdits);
        foreach (var table in Tables) await Target.Database.ScalarAsync<object>($"CREATE TABLE pristine_{table} AS SELECT * FROM {table}");
    }

    /// <summary>The target's layer without a feature, for an import that creates them all.</summary>
    public Task EmptyTargetAsync(string table) => Target.Database.ScalarAsync<object>($"DELETE FROM {table}");

    /// <summary>The target's layer as it was loaded, every outline moved about 10 m north-east: an import must bring them back.</summary>
    public async Task MoveTargetAsync(string table)
    {
        var columns = await Target.Database.IdsAsync("""
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
              AND column_name NOT IN ('geom', 'version', 'created_at', 'updated_at')
            ORDER BY ordinal_position
            """, table);
        var list = string.Join(", ", columns);
        await Target.Database.ScalarAsync<object>(
            $"DELETE FROM {table}; INSERT INTO {table} ({list}, geom) SELECT {list}, ST_Translate(geom, 0.0001, 0.0001) FROM pristine_{table}");
    }

    /// <summary>Every feature of <paramref name="table"/> by id (<c>pristine_…</c> for the target's copy as loaded).</summary>
    public static async Task<Dictionary<string, StoredFeature>> FeaturesAsync(TestDatabase database, string table)
    {
        var rows = await database.RowsAsync($"""
            SELECT id, (to_jsonb(t) - 'id' - 'geom' - 'geom_wm' - 'version' - 'created_at' - 'updated_at' - 'area_m2')::text, encode(ST_AsEWKB(geom), 'hex')
            FROM {table} t
            """, r => new StoredFeature(r.GetString(0), JsonDocument.Parse(r.GetString(1)).RootElement.Clone(), r.IsDBNull(2) ? null : r.GetString(2)));
        return rows.ToDictionary(f => f.Id);
    }

    /// <summary>
    /// PostGIS's comparison of the target's outlines with <paramref name="expected"/>: the Hausdorff distance in metres in
    /// Gauss–Krüger CM 132°E (EPSG:4553), the same EWKB bytes, the same rings vertex for vertex (first vertex and direction aside).
    /// </summary>
    public async Task<List<OutlineComparison>> CompareOutlinesAsync(string table, IEnumerable<StoredFeature> expected)
    {
        var features = expected.ToList();
        return await Target.Database.RowsAsync($"""
            SELECT e.id, t.id IS NOT NULL,
                   ST_HausdorffDistance(ST_Transform(t.geom, 4553), ST_Transform(e.wkb::geometry, 4553)),
                   coalesce(encode(ST_AsEWKB(t.geom), 'hex') = e.wkb, (t.geom IS NULL) = (e.wkb IS NULL)),
                   coalesce(ST_OrderingEquals(ST_Normalize(t.geom), ST_Normalize(e.wkb::geometry)), (t.geom IS NULL) = (e.wkb IS NULL))
            FROM unnest($1::text[], $2::text[]) AS e(id, wkb) LEFT JOIN {table} t ON t.id = e.id
            """, r => new OutlineComparison(r.GetString(0), r.GetBoolean(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.GetBoolean(3), r.GetBoolean(4)),
            features.Select(f => f.Id).ToArray(), features.Select(f => f.Outline).ToArray());
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
