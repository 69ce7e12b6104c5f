using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spatial.Api.Data;
using Spatial.Api.Tests.Features.Metrics;
using Spatial.Api.Tests.Features.Tiles;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Data;

/// <summary>
/// The reads' statement gate (<see cref="ReadGate"/>) with one place per lane, on a real server: who waits, who gets through, and
/// that every way out — success, a statement stopped at its deadline, a client that leaves — gives the place back; and
/// that lookups by id and pages each have places of their own, so neither waits behind the other.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ReadGateTests(ApiFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private static Dictionary<string, string?> OnePlace(string? deadline = null)
    {
        var settings = new Dictionary<string, string?> { ["Spatial:Work:Reads:Concurrency"] = "1" };
        if (deadline is not null) settings["Spatial:Work:Reads:Deadline"] = deadline;
        return settings;
    }

    [Fact]
    public async Task With_one_place_a_second_read_waits_outside_PostgreSQL_while_the_first_runs_and_then_gets_its_feature()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var server = RealServer.Start(database.ConnectionString, OnePlace());
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var ids = await database.IdsAsync("SELECT id FROM projects ORDER BY id LIMIT 3");
        // Another feature than the two below, which the response cache would otherwise answer without a statement.
        using (var up = await client.GetAsync(new Uri($"/collections/projects/items/{ids[2]}", UriKind.Relative))) Assert.Equal(HttpStatusCode.OK, up.StatusCode);

        Task<HttpResponseMessage> first, second;
        await using (await TableLock.TakeAsync(database, "projects"))
        {
            first = client.GetAsync(new Uri($"/collections/projects/items/{ids[0]}", UriKind.Relative));
            await WaitUntilAsync(async () => await Backends.BusyAsync(database, "reads") == 1);
            second = client.GetAsync(new Uri($"/collections/projects/items/{ids[1]}", UriKind.Relative));
            await WaitUntilAsync(async () => (await GateAsync(client)).Waiting == 1);

            Assert.Equal(1, (await GateAsync(client)).Running);
            Assert.Equal(1, await Backends.BusyAsync(database, "reads")); // the second is not in PostgreSQL's queue
            Assert.False(second.IsCompleted);
        }

        using var firstResponse = await first;
        using var secondResponse = await second;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(ids[1], JsonDocument.Parse(await secondResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
        var gate = await GateAsync(client);
        Assert.Equal((1, 0, 0), (gate.Limit, gate.Running, gate.Waiting));
        Assert.True(gate.Waits >= 1, $"waits {gate.Waits}");
        Assert.True(gate.WaitSeconds > 0, $"wait seconds {gate.WaitSeconds}");
    }

    [Fact]
    public async Task A_page_whose_statement_is_stopped_at_its_deadline_gives_its_place_back()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var server = RealServer.Start(database.ConnectionString, OnePlace(deadline: "00:00:01"));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        await using (await TableLock.TakeAsync(database, "projects"))
        {
            using var stopped = await client.GetAsync(new Uri("/collections/projects/items?limit=5", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.StatusCode);
            Assert.Contains("stopped the query at its deadline", await stopped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var next = await client.GetAsync(new Uri("/collections/projects/items?limit=5", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(5, JsonDocument.Parse(await next.Content.ReadAsStringAsync()).RootElement.GetProperty("numberReturned").GetInt32());
        var gate = await GateAsync(client);
        Assert.Equal((0, 0, 0), (gate.Running, gate.Waiting, gate.TimedOut));
    }

    [Fact]
    public async Task A_client_that_leaves_while_waiting_takes_no_place_with_it()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString, OnePlace(deadline: "00:00:05"));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var id = (await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id LIMIT 1")).Single();
        var readGate = server.Services.GetRequiredService<ReadGate>();

        using (await readGate.EnterAsync(ReadStatement.Lookup, CancellationToken.None))
        {
            using var leave = new CancellationTokenSource();
            var waiting = client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative), leave.Token);
            await WaitUntilAsync(async () => (await GateAsync(client)).Waiting == 1);
            await leave.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            await WaitUntilAsync(async () => (await GateAsync(client)).Waiting == 0);
            Assert.Equal(1, (await GateAsync(client)).Running); // the test's own place, nothing more
        }

        // Had the client that left kept a place, this read would wait its 5 s deadline and be a 503.
        using var after = await client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var gate = await GateAsync(client);
        Assert.Equal((0, 0, 0), (gate.Running, gate.Waiting, gate.TimedOut));
    }

    [Fact]
    public async Task A_read_that_waits_past_its_deadline_for_a_place_is_a_503_problem_naming_the_setting_with_Retry_After()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString, OnePlace(deadline: "00:00:01"));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var id = (await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id LIMIT 1")).Single();
        var readGate = server.Services.GetRequiredService<ReadGate>();

        using (await readGate.EnterAsync(ReadStatement.Lookup, CancellationToken.None))
        {
            using var response = await client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative));
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Deadline exceeded", problem.GetProperty("title").GetString());
            Assert.Equal("The request waited 1 s, the reads' deadline, for one of the 1 places for lookups by id in the database at once " +
                         "(Spatial:Work:Reads:Concurrency): it is busy. Try again later.", problem.GetProperty("detail").GetString());
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }

        using var after = await client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var gate = await GateAsync(client);
        Assert.Equal((1, 0, 0), (gate.TimedOut, gate.Running, gate.Waiting));
        var samples = await ScrapeAsync(client);
        Assert.Contains(samples, s => s.Name == "http_request_duration_seconds_count" && s.Label("code") == "503"
                                      && s.Label("endpoint").EndsWith("/items/{featureId}", StringComparison.Ordinal) && s.Value == 1);
    }

    [Fact]
    public async Task A_lookup_by_id_does_not_wait_behind_pages_that_fill_their_places_and_a_page_waits_for_one_of_its_own()
    {
        var settings = new Dictionary<string, string?> { ["Spatial:Work:Reads:Concurrency"] = "1", ["Spatial:Work:Reads:PageConcurrency"] = "1" };
        await using var server = RealServer.Start(api.Database.ConnectionString, settings);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var id = (await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id LIMIT 1")).Single();
        var readGate = server.Services.GetRequiredService<ReadGate>();

        Task<HttpResponseMessage> page;
        using (await readGate.EnterAsync(ReadStatement.Page, CancellationToken.None))
        {
            page = client.GetAsync(new Uri("/collections/projects/items?limit=3", UriKind.Relative));
            await WaitUntilAsync(async () => (await GateAsync(client)).Waiting == 1);

            using var lookup = await client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
            Assert.Equal(id, JsonDocument.Parse(await lookup.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
            var during = await GateAsync(client);
            Assert.Equal((1, 1, 1, 1), (during.PageLimit, during.PagesRunning, during.Running, during.Waiting)); // the test's place; the page still waits
            Assert.False(page.IsCompleted);
        }

        using var pageResponse = await page;
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await pageResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("numberReturned").GetInt32());
        var after = await GateAsync(client);
        Assert.Equal((0, 0, 0), (after.Running, after.PagesRunning, after.Waiting));
    }

    [Fact]
    public async Task A_lookup_waits_for_a_place_of_the_lookups_even_when_the_pages_have_free_ones()
    {
        var settings = new Dictionary<string, string?> { ["Spatial:Work:Reads:Concurrency"] = "1", ["Spatial:Work:Reads:PageConcurrency"] = "5" };
        await using var server = RealServer.Start(api.Database.ConnectionString, settings);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var id = (await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id LIMIT 1")).Single();
        var readGate = server.Services.GetRequiredService<ReadGate>();

        Task<HttpResponseMessage> lookup;
        using (await readGate.EnterAsync(ReadStatement.Lookup, CancellationToken.None))
        {
            lookup = client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative));
            await WaitUntilAsync(async () => (await GateAsync(client)).Waiting == 1);
            using var page = await client.GetAsync(new Uri("/collections/projects/items?limit=2", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.False(lookup.IsCompleted);
            var during = await GateAsync(client);
            Assert.Equal((1, 5, 0, 1), (during.Limit, during.PageLimit, during.PagesRunning, during.Waiting));
        }

        using var lookupResponse = await lookup;
        Assert.Equal(HttpStatusCode.OK, lookupResponse.StatusCode);
    }

    [Fact]
    public void Pages_default_to_two_statements_per_core_within_the_rest_of_the_pool_or_to_Concurrency_when_only_that_is_set()
    {
        var lookups = Math.Min(20, 2 * Environment.ProcessorCount);
        Assert.Equal(Math.Min(40 - lookups, 2 * Environment.ProcessorCount), DatabaseWorkOptions.From(Settings([])).Reads.PageStatementsAtOnce);
        var small = DatabaseWorkOptions.From(Settings(new() { ["Spatial:Work:Reads:Connections"] = "3" })).Reads;
        Assert.Equal((1, 2), (small.StatementsAtOnce, small.PageStatementsAtOnce));
        Assert.Equal(7, DatabaseWorkOptions.From(Settings(new() { ["Spatial:Work:Reads:Concurrency"] = "7" })).Reads.PageStatementsAtOnce);
        var both = DatabaseWorkOptions.From(Settings(new() { ["Spatial:Work:Reads:Concurrency"] = "7", ["Spatial:Work:Reads:PageConcurrency"] = "12" })).Reads;
        Assert.Equal((7, 12), (both.StatementsAtOnce, both.PageStatementsAtOnce));
        foreach (var wrong in new[] { "0", "41" })
        {
            var refused = Assert.Throws<InvalidOperationException>(() => DatabaseWorkOptions.From(Settings(new() { ["Spatial:Work:Reads:PageConcurrency"] = wrong })));
            Assert.Equal($"Spatial:Work:Reads:PageConcurrency must be from 1 to Spatial:Work:Reads:Connections (40) (found {wrong}).", refused.Message);
        }
    }

    [Fact]
    public async Task A_page_that_waits_past_its_deadline_names_the_pages_setting()
    {
        var settings = new Dictionary<string, string?> { ["Spatial:Work:Reads:PageConcurrency"] = "1", ["Spatial:Work:Reads:Deadline"] = "00:00:01" };
        await using var server = RealServer.Start(api.Database.ConnectionString, settings);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var readGate = server.Services.GetRequiredService<ReadGate>();

        using (await readGate.EnterAsync(ReadStatement.Page, CancellationToken.None))
        {
            using var response = await client.GetAsync(new Uri("/collections/projects/items?limit=2", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("The request waited 1 s, the reads' deadline, for one of the 1 places for pages in the database at once " +
                         "(Spatial:Work:Reads:PageConcurrency): it is busy. Try again later.",
                JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
        var samples = await ScrapeAsync(client);
        Assert.Equal(1, samples.Single(s => s.Name == "spatial_read_statement_wait_timeouts_total" && s.Label("lane") == "page").Value);
        Assert.Equal(0, samples.Single(s => s.Name == "spatial_read_statement_wait_timeouts_total" && s.Label("lane") == "lookup").Value);
    }

    [Fact]
    public async Task When_only_Concurrency_is_set_a_page_that_waits_past_its_deadline_names_Concurrency()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString, OnePlace(deadline: "00:00:01"));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var readGate = server.Services.GetRequiredService<ReadGate>();

        using (await readGate.EnterAsync(ReadStatement.Page, CancellationToken.None))
        {
            using var response = await client.GetAsync(new Uri("/collections/projects/items?limit=2&f=html", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith("(Spatial:Work:Reads:Concurrency): it is busy. Try again later.",
                JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pages_waiting_in_the_gate_hold_no_connection_so_a_lookup_still_finds_one_in_a_small_pool()
    {
        // Four connections; had each waiting page kept the one it read the version on, six waiters would hold them all and
        // the lookup would wait for the pool instead of running in its free lane.
        var settings = new Dictionary<string, string?>
        {
            ["Spatial:Work:Reads:Connections"] = "4", ["Spatial:Work:Reads:Concurrency"] = "1", ["Spatial:Work:Reads:PageConcurrency"] = "1",
        };
        await using var server = RealServer.Start(api.Database.ConnectionString, settings);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var id = (await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id LIMIT 1")).Single();
        var readGate = server.Services.GetRequiredService<ReadGate>();

        var pages = new List<Task<HttpResponseMessage>>();
        using (await readGate.EnterAsync(ReadStatement.Page, CancellationToken.None))
        {
            // GeoJSON and HTML pages alike take the pages' lane.
            for (var i = 1; i <= 6; i++)
                pages.Add(client.GetAsync(new Uri($"/collections/projects/items?limit={i}{(i % 2 == 0 ? "&f=html" : "")}", UriKind.Relative)));
            await WaitUntilAsync(async () => (await LanesAsync(client)).Pages.Waiting == 6);

            using var lookup = await client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
            var during = await LanesAsync(client);
            Assert.Equal((1, 1, 6, 0, 0), (during.Pages.Limit, during.Pages.Running, during.Pages.Waiting, during.Lookups.Running, during.Lookups.Waiting));
        }

        foreach (var page in pages)
        {
            using var response = await page;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var after = await LanesAsync(client);
        Assert.Equal((0, 0, 6), (after.Pages.Running, after.Pages.Waiting, after.Pages.Waits));
    }

    [Fact]
    public async Task A_tile_not_in_the_cache_waits_for_a_place_of_the_pages_holding_no_connection_and_a_cached_one_does_not_wait()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Spatial:Work:Reads:Connections"] = "4", ["Spatial:Work:Reads:Concurrency"] = "1", ["Spatial:Work:Reads:PageConcurrency"] = "1",
        };
        await using var server = RealServer.Start(api.Database.ConnectionString, settings);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var readGate = server.Services.GetRequiredService<ReadGate>();
        var cached = TileCalls.CollectionTile("counties", TileAddress.Of(6, 131.0, 45.3));
        var made = await client.TileAsync(cached);
        Assert.Equal((HttpStatusCode.OK, "miss"), (made.Status, made.Cache));

        var tiles = new List<Task<TileAnswer>>();
        using (await readGate.EnterAsync(ReadStatement.Page, CancellationToken.None))
        {
            // Six tiles not made yet (one of two layers, as the map asks), more than the pool's four connections.
            for (var zoom = 7; zoom <= 12; zoom++)
            {
                var at = TileAddress.Of(zoom, 131.0, 45.3);
                tiles.Add(client.TileAsync(zoom % 2 == 0 ? TileCalls.CollectionTile("projects", at) : $"/tiles/WebMercatorQuad/{at}?collections=counties,projects"));
            }
            await WaitUntilAsync(async () => (await LanesAsync(client)).Pages.Waiting == 6);

            var hit = await client.TileAsync(cached);
            Assert.Equal((HttpStatusCode.OK, "hit"), (hit.Status, hit.Cache));
            Assert.Equal(made.Bytes, hit.Bytes);
            Assert.True(tiles.TrueForAll(t => !t.IsCompleted));
        }

        foreach (var tile in tiles)
        {
            var answer = await tile;
            Assert.Equal("miss", answer.Cache);
            Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{answer.Status}");
        }
        var after = await LanesAsync(client);
        Assert.Equal((0, 0, 6), (after.Pages.Running, after.Pages.Waiting, after.Pages.Waits));
    }

    [Fact]
    public void Concurrency_defaults_to_two_statements_per_core_within_half_the_pool_and_outside_1_to_the_pool_size_is_refused()
    {
        Assert.Equal(Math.Min(20, 2 * Environment.ProcessorCount), DatabaseWorkOptions.From(Settings([])).Reads.StatementsAtOnce);
        Assert.Equal(2, DatabaseWorkOptions.From(Settings(new() { ["Spatial:Work:Reads:Connections"] = "5" })).Reads.StatementsAtOnce);
        Assert.Equal(7, DatabaseWorkOptions.From(Settings(new() { ["Spatial:Work:Reads:Concurrency"] = "7" })).Reads.StatementsAtOnce);
        foreach (var wrong in new[] { "0", "41" })
        {
            var refused = Assert.Throws<InvalidOperationException>(() => DatabaseWorkOptions.From(Settings(new() { ["Spatial:Work:Reads:Concurrency"] = wrong })));
            Assert.Equal($"Spatial:Work:Reads:Concurrency must be from 1 to Spatial:Work:Reads:Connections (40) (found {wrong}).", refused.Message);
        }
    }

    [Theory]
    [InlineData("30", null, "30 lookups (Concurrency) and 30 pages (Concurrency) at once need 60 connections; Spatial:Work:Reads:Connections is 40.")]
    [InlineData("20", "21", "20 lookups (Concurrency) and 21 pages (PageConcurrency) at once need 41 connections; Spatial:Work:Reads:Connections is 40.")]
    public void Lanes_that_together_want_more_statements_than_the_pool_has_connections_are_refused(string concurrency, string? pages, string message)
    {
        var settings = new Dictionary<string, string?> { ["Spatial:Work:Reads:Concurrency"] = concurrency };
        if (pages is not null) settings["Spatial:Work:Reads:PageConcurrency"] = pages;

        var refused = Assert.Throws<InvalidOperationException>(() => DatabaseWorkOptions.From(Settings(settings)));

        Assert.Equal("Spatial:Work:Reads: " + message, refused.Message);
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed record Gate(double Limit, double Running, double Waiting, double Waits, double WaitSeconds, double TimedOut, double PageLimit, double PagesRunning);

    private static async Task<List<Sample>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return PrometheusText.Parse(text);
    }

    private sealed record Lane(double Limit, double Running, double Waiting, double Waits, double WaitSeconds, double TimedOut);

    /// <summary>Each lane of the gate as /metrics tells it (label lane="lookup" or "page").</summary>
    private static async Task<(Lane Lookups, Lane Pages)> LanesAsync(HttpClient client)
    {
        var samples = await ScrapeAsync(client);
        Lane Of(string lane)
        {
            double Value(string name) => samples.Single(s => s.Name == name && s.Label("lane") == lane).Value;
            return new Lane(Value("spatial_read_statements_limit"), Value("spatial_read_statements_running"), Value("spatial_read_statements_waiting"),
                Value("spatial_read_statement_waits_total"), Value("spatial_read_statement_wait_seconds_total"), Value("spatial_read_statement_wait_timeouts_total"));
        }
        return (Of("lookup"), Of("page"));
    }

    /// <summary>The gate as /metrics tells it: the lookups' limit, both lanes' counts summed, the pages' limit and places taken.</summary>
    private static async Task<Gate> GateAsync(HttpClient client)
    {
        var (lookups, pages) = await LanesAsync(client);
        return new Gate(lookups.Limit, lookups.Running + pages.Running, lookups.Waiting + pages.Waiting, lookups.Waits + pages.Waits,
            lookups.WaitSeconds + pages.WaitSeconds, lookups.TimedOut + pages.TimedOut, pages.Limit, pages.Running);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition never held");
            await Task.Delay(25);
        }
    }
}
