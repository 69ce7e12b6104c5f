using System.Net;
using System.Security.Cryptography;
using Npgsql;
using Spatial.Api.Tests.Features.Tiles;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Limits;

[Collection(ApiTests.Name)]
public sealed class ConnectionOwnershipTests(ApiFixture api)
{
    private const int PoolSize = 5;

    [Fact]
    public async Task A_thousand_statements_that_fail_inside_PostgreSQL_leave_the_pool_and_readiness_as_they_were() =>
        await FailAThousandTimesThenAnswerAsync("/collections/projects/items?limit=5", async client =>
            Assert.Equal(5, (await client.GetOkJsonAsync("/collections/projects/items?limit=5")).Ids().Count));

    [Fact]
    public async Task A_thousand_tiles_that_fail_inside_PostgreSQL_leave_the_pool_as_it_was_and_the_next_tile_is_made()
    {
        var middle = await api.Database.RowsAsync("SELECT ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM projects WHERE geom IS NOT NULL ORDER BY id LIMIT 1",
            r => TileAddress.Of(13, r.GetDouble(0), r.GetDouble(1)));
        var url = $"/collections/projects/tiles/WebMercatorQuad/{middle[0]}";
        await FailAThousandTimesThenAnswerAsync(url, async client =>
        {
            var tile = await client.TileAsync(url);
            Assert.Equal(HttpStatusCode.OK, tile.Status);
            Assert.NotEmpty(tile.Layer("projects").Features);
        });
    }

    /// <summary>
    /// With a login that may read every table but projects, each request of <paramref name="url"/> fails inside PostgreSQL
    /// (at Bind, where PostgreSQL checks permissions, also on the run on which Npgsql prepares the statement); after the
    /// grant, readiness and <paramref name="answered"/> succeed on the same pool, which holds no more connections than allowed.
    /// </summary>
    private async Task FailAThousandTimesThenAnswerAsync(string url, Func<HttpClient, Task> answered)
    {
        var role = "spatial_test_reader_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'reader'",
            $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", $"REVOKE SELECT ON projects FROM {role}");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(api.Database.ConnectionString) { Username = role, Password = "reader" }.ConnectionString;
            await using (var app = new SpatialApp(connectionString, new Dictionary<string, string?>
            {
                ["Spatial:ApplyMigrationsOnStartup"] = "false",
                ["Spatial:Work:Reads:Connections"] = PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Spatial:Cache:MaxBytes"] = "0",
            }))
            {
                var client = await app.ReadyClientAsync();
                var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
                await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancellationToken) =>
                {
                    using var response = await client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    statuses.Add(response.StatusCode);
                });
                Assert.All(statuses, s => Assert.Equal(HttpStatusCode.InternalServerError, s));
                Assert.Equal(1000, statuses.Count);

                await ExecuteAsync($"GRANT SELECT ON projects TO {role}");
                using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                // Every connection of the pool has seen failures: ask side by side, enough times to meet each of them.
                await Parallel.ForAsync(0, 8 * PoolSize, new ParallelOptions { MaxDegreeOfParallelism = 2 * PoolSize }, async (_, _) => await answered(client));
                var open = await api.Database.ScalarAsync<long>(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND application_name LIKE '%/reads'", role);
                var busy = await api.Database.ScalarAsync<long>(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND state <> 'idle'", role);
                Assert.InRange(open, 1, PoolSize);
                Assert.Equal(0, busy);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'",
                $"DROP OWNED BY {role}", $"DROP ROLE {role}");
        }
    }

    private async Task ExecuteAsync(params string[] statements)
    {
        foreach (var sql in statements)
        {
            await using var command = api.Database.DataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
    }
}
