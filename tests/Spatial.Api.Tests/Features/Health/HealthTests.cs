using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Health;

[Collection(ApiTests.Name)]
public sealed class HealthTests(ApiFixture api)
{
    [Fact]
    public async Task Ready_reports_the_postgis_version_and_a_current_schema()
    {
        using var response = await api.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.StartsWith("3.", body.GetProperty("postGis").GetString(), StringComparison.Ordinal);
        Assert.Equal(body.GetProperty("migrationsKnown").GetInt32(), body.GetProperty("migrationsApplied").GetInt32());
        Assert.Equal("primary", body.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("replayLagSeconds").ValueKind);
    }
}

/// <summary>Readiness on a PostgreSQL of the test's own that is a hot standby, not a primary.</summary>
public sealed class ReplicaHealthTests
{
    [Fact]
    public async Task Ready_on_a_standby_says_replica_and_that_nothing_was_replayed_yet()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using (var primary = new SpatialApp(cluster.ConnectionString()))
            (await primary.ReadyClientAsync()).Dispose();
        await cluster.RestartAsStandbyAsync();
        // A process on a replica cannot apply schema scripts; its primary's processes do.
        await using var app = new SpatialApp(cluster.ConnectionString(), new Dictionary<string, string?> { ["Spatial:ApplyMigrationsOnStartup"] = "false" });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("replica", body.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("replayLagSeconds").ValueKind);
        await using var replica = new Npgsql.NpgsqlConnection(cluster.ConnectionString());
        await replica.OpenAsync();
        await using var recovery = new Npgsql.NpgsqlCommand("SELECT pg_is_in_recovery()", replica);
        Assert.True((bool)(await recovery.ExecuteScalarAsync())!);
    }
}

/// <summary>Liveness and readiness with a PostgreSQL of the test's own really stopped, not merely unused.</summary>
public sealed class DatabaseDownHealthTests
{
    [Fact]
    public async Task Ready_is_503_while_the_database_is_stopped_and_200_again_when_it_returns_without_a_restart()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var app = new SpatialApp(cluster.ConnectionString());
        var client = await app.ReadyClientAsync();

        await cluster.StopAsync();
        using var down = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cannot be reached", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("5", down.Headers.RetryAfter?.ToString());

        await cluster.StartAgainAsync();
        await app.ReadyClientAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Ready_is_503_naming_the_cause_when_the_database_never_answered()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await cluster.StopAsync();
        await using var app = new SpatialApp(cluster.ConnectionString());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cannot be reached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alive_is_200_while_the_database_is_stopped_so_it_never_touches_the_database()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var app = new SpatialApp(cluster.ConnectionString());
        var client = await app.ReadyClientAsync();

        await cluster.StopAsync();
        using var alive = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("""{"status":"alive","service":"spatial"}""", await alive.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Alive_is_200_when_the_database_never_answered()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await cluster.StopAsync();
        await using var app = new SpatialApp(cluster.ConnectionString());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
