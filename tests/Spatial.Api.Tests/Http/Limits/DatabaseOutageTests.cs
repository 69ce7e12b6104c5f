using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Limits;

public sealed class DatabaseOutageTests
{
    private static readonly string[] Reads =
        ["/collections/projects/items?limit=10", "/collections", "/statistics/zones?group-by=county", "/collections/counties/items?f=csv"];

    [Fact]
    public async Task While_PostgreSQL_shuts_down_is_down_and_starts_again_every_answer_is_200_or_a_503_problem_with_Retry_After()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE spatial", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using (var database = new NpgsqlConnection(cluster.ConnectionString("spatial")))
        {
            await database.OpenAsync();
            await using var postgis = new NpgsqlCommand("CREATE EXTENSION postgis", database);
            await postgis.ExecuteNonQueryAsync();
        }
        await using var app = new SpatialApp(cluster.ConnectionString("spatial"));
        var client = await app.ReadyClientAsync();

        var answers = new ConcurrentBag<(HttpStatusCode Status, string? MediaType, bool RetryAfter, string Url)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var url = Reads[(worker + i) % Reads.Length];
                using var response = worker == 0
                    ? await client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), Outlines.GeoJson(Outlines.Square()))
                    : await client.GetAsync(new Uri(url, UriKind.Relative));
                answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter is not null, worker == 0 ? "footprint" : url));
            }
        })).ToList();

        await Task.Delay(500);
        await cluster.StopAsync();
        await Task.Delay(1500);
        await cluster.StartAgainAsync();
        await app.ReadyClientAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var unexpected = answers.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("; ", unexpected.Take(5).Select(a => $"{a.Url} → {(int)a.Status}")));
        var unavailable = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, a => Assert.Equal("application/problem+json", a.MediaType));
        Assert.All(unavailable, a => Assert.True(a.RetryAfter, $"{a.Url}: 503 without Retry-After"));
        foreach (var url in Reads)
        {
            using var again = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
    }

    [Fact]
    public async Task A_database_out_of_connections_is_a_503_problem_with_Retry_After()
    {
        await using var database = await TestDatabase.CreateAsync();
        // A role at its connection limit: PostgreSQL refuses it with 53300, as it refuses everyone past max_connections.
        var role = "spatial_full_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync($"CREATE ROLE {role} LOGIN PASSWORD 'full' CONNECTION LIMIT 0");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "full" }.ConnectionString;
            await using (var direct = new NpgsqlConnection(connectionString))
                Assert.Equal(PostgresErrorCodes.TooManyConnections, (await Assert.ThrowsAsync<PostgresException>(() => direct.OpenAsync())).SqlState);
            await using var app = new SpatialApp(connectionString, new Dictionary<string, string?> { ["Spatial:ApplyMigrationsOnStartup"] = "false" });
            using var client = app.CreateClient();

            using var response = await client.GetAsync(new Uri("/collections/projects/items?limit=10", UriKind.Relative));
            var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP ROLE {role}");
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
