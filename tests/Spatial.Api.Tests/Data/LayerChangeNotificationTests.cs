using System.Text.Json;
using Npgsql;
using Spatial.Api.Data.Changes;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

/// <summary>
/// What schema script 007 sends on spatial_changes, heard by a listening connection as the API's listener hears it:
/// one notification per writing statement, with the layer's new version and the boxes of the rows before and after.
/// A database of its own (schema only): the borders layer has the fewest references to fill.
/// </summary>
public sealed class LayerChangeNotificationTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlConnection _listener = null!;
    private readonly List<string> _payloads = [];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithSchemaAsync();
        _listener = await _database.DataSource.OpenConnectionAsync();
        _listener.Notification += (_, e) => _payloads.Add(e.Payload);
        await using var listen = new NpgsqlCommand($"LISTEN {LayerChange.Channel}", _listener);
        await listen.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _database.DisposeAsync();
    }

    private const string Border = """
        INSERT INTO borders (id, name_zh, name_en, source_ref, geometry_source, geom)
        SELECT 'b' || i, '界线' || i, 'Border ' || i, 'test', 'derived',
               ST_Multi(ST_MakeLine(ST_MakePoint(130 + i * 0.01, 45), ST_MakePoint(130.0051234567 + i * 0.01, 45.5)))::geometry(MultiLineString, 4490)
        FROM generate_series(1, $1) i
        """;

    /// <summary>Runs one statement and returns the notifications it caused (delivered at its commit).</summary>
    private async Task<List<JsonElement>> NotificationsOfAsync(string sql, params object[] parameters)
    {
        _payloads.Clear();
        await using (var command = _database.DataSource.CreateCommand(sql))
        {
            foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
            await command.ExecuteNonQueryAsync();
        }
        while (await _listener.WaitAsync(TimeSpan.FromMilliseconds(500))) { }
        return _payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }

    private async Task<long> VersionAsync(string layer) => await _database.ScalarAsync<long>("SELECT version FROM layer_versions WHERE layer = $1", layer);

    private static List<double[]> Boxes(JsonElement notification) =>
        notification.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();

    /// <summary>
    /// Each box holds its rows' exact box and is at most 2e-5° (PostGIS keeps a geometry's box in single precision,
    /// rounded outwards; the trigger rounds it outwards again to 1e-6°) larger on any side.
    /// </summary>
    private static void AssertCover(double[][] exact, List<double[]> boxes)
    {
        Assert.Equal(exact.Length, boxes.Count);
        foreach (var (want, got) in exact.OrderBy(b => b[0]).Zip(boxes.OrderBy(b => b[0])))
        {
            Assert.InRange(got[0], want[0] - 2e-5, want[0]);
            Assert.InRange(got[1], want[1] - 2e-5, want[1]);
            Assert.InRange(got[2], want[2], want[2] + 2e-5);
            Assert.InRange(got[3], want[3], want[3] + 2e-5);
            Assert.All(got, v => Assert.Equal(Math.Round(v, 6), v));
        }
    }

    [Fact]
    public async Task An_insert_sends_the_layer_its_new_version_and_the_box_of_each_row_rounded_outwards()
    {
        var notification = Assert.Single(await NotificationsOfAsync(Border, 2));

        Assert.Equal("borders", notification.GetProperty("layer").GetString());
        Assert.Equal(await VersionAsync("borders"), notification.GetProperty("version").GetInt64());
        AssertCover([[130.01, 45, 130.0151234567, 45.5], [130.02, 45, 130.0251234567, 45.5]], Boxes(notification));
    }

    [Fact]
    public async Task An_update_that_moves_a_row_sends_its_box_before_and_after_and_a_delete_its_last_box()
    {
        await NotificationsOfAsync(Border, 1);

        var moved = Assert.Single(await NotificationsOfAsync("UPDATE borders SET geom = ST_Translate(geom, 1, 0) WHERE id = 'b1'"));
        var deleted = Assert.Single(await NotificationsOfAsync("DELETE FROM borders WHERE id = 'b1'"));

        AssertCover([[130.01, 45, 130.0151234567, 45.5], [131.01, 45, 131.0151234567, 45.5]], Boxes(moved));
        AssertCover([[131.01, 45, 131.0151234567, 45.5]], Boxes(deleted));
        Assert.Equal(await VersionAsync("borders"), deleted.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Past_100_rows_one_box_holds_them_all_within_the_8000_bytes_a_notification_may_carry()
    {
        _payloads.Clear();
        var notification = Assert.Single(await NotificationsOfAsync(Border, 150));

        AssertCover([[130.01, 45, 131.5051234567, 45.5]], Boxes(notification));
        Assert.All(_payloads, p => Assert.True(p.Length < 8000, $"{p.Length} bytes"));
    }

    [Fact]
    public async Task A_hundred_rows_are_a_hundred_boxes_and_still_fit_in_a_notification()
    {
        var notification = Assert.Single(await NotificationsOfAsync(Border, 100));

        Assert.Equal(100, Boxes(notification).Count);
        Assert.True(notification.GetRawText().Length < 8000, $"{notification.GetRawText().Length} bytes");
    }

    [Fact]
    public async Task A_statement_that_changes_no_row_still_sends_its_version_so_listeners_keep_up()
    {
        var notification = Assert.Single(await NotificationsOfAsync("UPDATE borders SET name_en = 'none' WHERE id = 'nothing'"));

        Assert.Equal(await VersionAsync("borders"), notification.GetProperty("version").GetInt64());
        Assert.Empty(Boxes(notification));
    }

    [Fact]
    public async Task Truncate_and_vocabulary_changes_send_no_boxes_so_everything_of_their_layer_goes()
    {
        var truncated = Assert.Single(await NotificationsOfAsync("TRUNCATE borders"));
        var vocabulary = Assert.Single(await NotificationsOfAsync("UPDATE sectors SET name_en = name_en WHERE code = 'bio_energy'"));

        Assert.Equal(("borders", false), (truncated.GetProperty("layer").GetString(), truncated.TryGetProperty("boxes", out _)));
        Assert.Equal(("sectors", false), (vocabulary.GetProperty("layer").GetString(), vocabulary.TryGetProperty("boxes", out _)));
        Assert.Equal(await VersionAsync("sectors"), vocabulary.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Every_notification_parses_as_the_change_it_describes()
    {
        var notifications = await NotificationsOfAsync(Border, 3);

        var change = LayerChange.Parse(Assert.Single(_payloads))!;

        Assert.Equal(("borders", notifications[0].GetProperty("version").GetInt64(), 3), (change.Layer, change.Version, change.Boxes!.Count));
    }
}
