using System.Net;
using System.Security.Cryptography;
using Npgsql;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Limits;

[Collection(ApiTests.Name)]
public sealed class ConnectionOwnershipTests(ApiFixture api)
{
    private const int PoolSize = 5;

    [Fact]
    public async Task A_thousand_statements_that_fail_inside_PostgreSQL_leave_the_pool_and_readiness_as_they_were()
    {
        // A login that may read every table but projects: each items request on projects fails inside PostgreSQL.
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
            }))
            {
                var client = await app.ReadyClientAsync();
                var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
                await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancellationToken) =>
                {
                    using var response = await client.GetAsync(new Uri("/collections/projects/items?limit=5", UriKind.Relative), cancellationToken);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    statuses.Add(response.StatusCode);
                });
                Assert.All(statuses, s => Assert.Equal(HttpStatusCode.InternalServerError, s));
                Assert.Equal(1000, statuses.Count);

                await ExecuteAsync($"GRANT SELECT ON projects TO {role}");
                using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                var page = await client.GetOkJsonAsync("/collections/projects/items?limit=5");
                Assert.Equal(5, page.Ids().Count);
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
