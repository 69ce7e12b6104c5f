using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Metrics;

/// <summary>/metrics scraped from the service on a loopback port after real requests, read with a parser of the text format.</summary>
[Collection(ApiTests.Name)]
public sealed class MetricsTests(ApiFixture api)
{
    private const string CountyTile = "/collections/counties/tiles/WebMercatorQuad/5/11/27";

    private static async Task<List<Sample>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return PrometheusText.Parse(text);
    }

    [Fact]
    public async Task Requests_are_counted_by_route_template_and_status_never_by_raw_path()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var ids = await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id LIMIT 3");
        foreach (var id in ids) (await client.GetAsync(new Uri($"/collections/projects/items/{id}", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri("/collections/no-such-layer/items/1", UriKind.Relative))).Dispose();

        var samples = await ScrapeAsync(client);

        var durations = samples.Where(s => s.Name == "http_request_duration_seconds_count").ToList();
        var item = durations.Where(s => s.Label("endpoint").EndsWith("/items/{featureId}", StringComparison.Ordinal) && s.Label("method") == "GET").ToList();
        Assert.True(item.Count > 0, string.Join('\n', durations.Select(s => $"{string.Join(',', s.Labels)} {s.Value}")));
        Assert.Equal(ids.Count, item.Single(s => s.Label("code") == "200").Value);
        Assert.Equal(1, item.Single(s => s.Label("code") == "404").Value);
        Assert.DoesNotContain(samples, s => s.Labels.Values.Any(v => v.Contains("no-such-layer", StringComparison.Ordinal) || ids.Any(id => v.Contains("/" + id, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_HEAD_is_counted_as_HEAD_under_the_route_template_of_the_GET_it_was_routed_as()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        for (var i = 0; i < 2; i++)
            using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, CountyTile)))
                Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        using (var get = await client.GetAsync(new Uri(CountyTile, UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);

        var samples = await ScrapeAsync(client);

        var tiles = samples.Where(s => s.Name == "http_request_duration_seconds_count" && s.Label("code") == "200"
            && s.Label("endpoint").EndsWith("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", StringComparison.Ordinal)).ToList();
        var seen = string.Join('\n', tiles.Select(s => $"{string.Join(',', s.Labels)} {s.Value}"));
        Assert.True(tiles.Any(s => s.Label("method") == "HEAD" && s.Value == 2), seen);
        Assert.True(tiles.Any(s => s.Label("method") == "GET" && s.Value == 1), seen);
    }

    [Fact]
    public async Task Npgsql_pools_and_commands_the_response_cache_and_the_import_queue_are_exported()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using (var first = await client.GetAsync(new Uri(CountyTile, UriKind.Relative)))
            Assert.Equal("miss", first.Headers.GetValues("X-Cache").Single());
        using (var second = await client.GetAsync(new Uri(CountyTile, UriKind.Relative)))
            Assert.Equal("hit", second.Headers.GetValues("X-Cache").Single());
        var imports = await api.Database.RowsAsync(
            "SELECT s.code, count(i.id) FROM import_statuses s LEFT JOIN imports i ON i.status = s.code GROUP BY s.code",
            r => (Status: r.GetString(0), Count: r.GetInt64(1)));

        var samples = await ScrapeAsync(client);

        var npgsql = samples.Where(s => s.Name.StartsWith("npgsql_db_client_", StringComparison.Ordinal)).ToList();
        var names = string.Join('\n', npgsql.Select(s => s.Name).Distinct());
        Assert.Contains(npgsql, s => s.Name == "npgsql_db_client_connection_max" && s.Label("db_client_connection_pool_name") == "spatial/reads" && s.Value == 40);
        Assert.Contains(npgsql, s => s.Name == "npgsql_db_client_connection_count" && s.Label("db_client_connection_pool_name") == "spatial/reads");
        Assert.True(npgsql.Where(s => s.Name == "npgsql_db_client_operation_duration_count" && s.Label("db_client_connection_pool_name") == "spatial/reads")
            .Sum(s => s.Value) > 0, names);
        Assert.True(samples.Single(s => s.Name == "spatial_response_cache_hits_total").Value >= 1);
        Assert.True(samples.Single(s => s.Name == "spatial_response_cache_bytes").Value > 0);
        var exported = samples.Where(s => s.Name == "spatial_imports").ToDictionary(s => s.Label("status"), s => s.Value);
        Assert.Equal(imports.ToDictionary(i => i.Status, i => (double)i.Count), exported);
        Assert.Contains("queued", exported.Keys);
    }

    [Fact]
    public async Task A_database_fault_answered_503_is_counted_as_503_under_its_route_template()
    {
        // A role at its connection limit: PostgreSQL refuses it with 53300, as it refuses everyone while a primary is down or full.
        var role = "spatial_full_" + Guid.NewGuid().ToString("N")[..12];
        _ = await api.Database.ScalarAsync<object>($"CREATE ROLE {role} LOGIN PASSWORD 'full' CONNECTION LIMIT 0");
        try
        {
            var refused = new Npgsql.NpgsqlConnectionStringBuilder(api.Database.ConnectionString) { Username = role, Password = "full" }.ConnectionString;
            await using var server = RealServer.Start(refused, new Dictionary<string, string?> { ["Spatial:ApplyMigrationsOnStartup"] = "false" });
            using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.GetAsync(new Uri("/collections/projects/items?limit=10", UriKind.Relative));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
            }

            var samples = await ScrapeAsync(client);

            var items = samples.Where(s => s.Name == "http_requests_received_total" && s.Label("endpoint").EndsWith("/collections/{collectionId}/items", StringComparison.Ordinal)).ToList();
            var seen = string.Join('\n', samples.Where(s => s.Name == "http_requests_received_total").Select(s => $"{string.Join(',', s.Labels)} {s.Value}"));
            Assert.True(items.Count == 1, seen);
            Assert.Equal("503", items[0].Label("code"));
            Assert.Equal(2, items[0].Value);
            Assert.Equal(2, samples.Single(s => s.Name == "http_request_duration_seconds_count" && s.Label("code") == "503" && s.Label("endpoint") == items[0].Label("endpoint")).Value);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            _ = await api.Database.ScalarAsync<object>($"DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task A_client_outside_the_allowed_networks_gets_a_403_problem_naming_the_setting()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Spatial:Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
        });
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Spatial:Metrics:AllowedNetworks", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
