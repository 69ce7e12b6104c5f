using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Limits;

[Collection(ApiTests.Name)]
public sealed class DeadlineTests(ApiFixture api)
{
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_statement_past_its_deadline_is_a_503_with_Retry_After_and_PostgreSQL_stops_it()
    {
        // A database of its own: the lock must not stall the shared fixture's readers.
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await using var app = new SpatialApp(database.ConnectionString, new Dictionary<string, string?> { ["Spatial:Work:FootprintChecks:Deadline"] = "00:00:01" });
        var client = await app.ReadyClientAsync();
        await using var blocked = await TableLock.TakeAsync(database, "water_bodies");

        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), Outlines.GeoJson(Outlines.Square()));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("deadline", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
        Assert.True(await Backends.SettleAsync(database, "footprintchecks", Settled), "the timed-out statement is still running");
    }

    [Fact]
    public async Task A_client_that_leaves_cancels_its_statement_in_PostgreSQL()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await using var server = RealServer.Start(database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        await using var blocked = await TableLock.TakeAsync(database, "water_bodies");
        using var leave = new CancellationTokenSource();

        var request = client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), Outlines.GeoJson(Outlines.Square()), leave.Token);
        await WaitUntilAsync(async () => await Backends.BusyAsync(database, "footprintchecks") > 0, TimeSpan.FromSeconds(10));
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        // The lock is still held: had the statement not been cancelled it would wait here for its 30 s deadline.
        Assert.True(await Backends.SettleAsync(database, "footprintchecks", Settled), "the abandoned statement is still waiting in PostgreSQL");
    }

    [Fact]
    public async Task A_400_vertex_star_is_refused_in_milliseconds_naming_the_limit_and_leaves_nothing_running()
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), Outlines.GeoJson(Outlines.Star(400, 199)));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Spatial:Footprints:MaxSelfCrossings", problem.GetProperty("limit").GetString());
        Assert.Contains("cross or touch each other more than 100 times", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}"); // minutes of PostGIS repair before
        Assert.Equal(0, await Backends.BusyAsync(api.Database, "footprintchecks"));
    }

    [Fact]
    public async Task A_400_vertex_outline_that_crosses_itself_a_few_times_is_checked_on_a_repaired_copy_within_its_deadline()
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative),
            Outlines.GeoJson(Outlines.CircleWithTwoSwappedVertices(400)));
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Contains(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "INVALID_GEOMETRY");
        // The repaired copy keeps what the rings enclose: nearly the whole ellipse of 0.01° radii, π·783 m·1 111 m ≈ 2.73 km².
        Assert.InRange(report.GetProperty("ellipsoidal_area").GetProperty("square_metres").GetDouble(), 2.6e6, 2.8e6);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(0, await Backends.BusyAsync(api.Database, "footprintchecks"));
    }

    [Theory]
    [InlineData("MaxVertices", "20001 vertices; at most 20000")]
    [InlineData("MaxParcels", "101 parcels; at most 100")]
    [InlineData("MaxAreaKm2", "km²; at most 1000 km² are checked in one request")]
    [InlineData("MaxRings", "501 rings (parts and holes); at most 500 are checked per parcel")]
    public async Task A_footprint_over_a_limit_is_a_400_naming_the_limit(string limit, string reason)
    {
        string Parcels(int count, double side) =>
            $$"""{"type":"FeatureCollection","features":[{{string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"type":"Feature","properties":{},"geometry":{{Outlines.Square(130.5 + i * 0.004, 45.3, side)}}}"""))}}]}""";
        var body = limit switch
        {
            "MaxVertices" => Outlines.Star(20_000, 1),
            "MaxParcels" => Parcels(101, 0.002),
            "MaxRings" => Outlines.SquareWithHoles(500),
            _ => Parcels(2, 0.35), // two squares of about 27 km × 39 km
        };

        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), Outlines.GeoJson(body));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Spatial:Footprints:" + limit, problem.GetProperty("limit").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_land_parcel_file_of_thousands_of_rings_is_refused_before_its_outline_is_built()
    {
        // One parcel: a 20 000-vertex ring 1 and 10 000 small rings; building it would test each ring against the shell.
        var text = new System.Text.StringBuilder("[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=44\n[地块坐标]\n1,1.0,T-1,地块1,面,,,,@\n");
        string Point(int ring, int i, double north, double east) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"J{i},{ring},{north:0.000},{east:0.000}\n");
        for (var i = 0; i <= 20_000; i++)
        {
            var a = 2 * Math.PI * (i % 20_000) / 20_000;
            text.Append(Point(1, i, 5_018_000 + 2_000 * Math.Sin(a), 44_419_000 + 2_000 * Math.Cos(a)));
        }
        for (var ring = 2; ring < 10_002; ring++)
            foreach (var (dn, de) in new[] { (0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0) })
                text.Append(Point(ring, 1, 5_017_000 + ring % 100 * 10 + dn, 44_418_000 + ring / 100 * 10 + de));
        using var content = new StringContent(text.ToString(), System.Text.Encoding.UTF8, "text/plain");

        var clock = Stopwatch.StartNew();
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), content);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Spatial:Footprints:MaxVertices", problem.GetProperty("limit").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}"); // it took 56 s before the limits were checked first
    }

    [Fact]
    public void No_kind_of_work_is_cut_short_by_the_drivers_own_command_timeout()
    {
        var limits = new Spatial.Api.Data.WorkLimits { Deadline = TimeSpan.FromMinutes(2), Connections = 1 };
        using var dataSource = Spatial.Api.Data.DatabaseSetup.CreateDataSource(api.Database.ConnectionString, Spatial.Api.Data.DatabaseWork.Exports, limits);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.True(settings.CommandTimeout > 120, $"CommandTimeout {settings.CommandTimeout} s is shorter than the 120 s deadline");
        Assert.Contains("statement_timeout=120000", settings.Options, StringComparison.Ordinal);
        Assert.Equal(1, settings.MaxPoolSize);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition never held");
            await Task.Delay(25);
        }
    }
}
