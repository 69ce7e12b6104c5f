using System.Net;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Data.Replicas;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli.Gisdata;

namespace Spatial.Api.Tests.Data;

/// <summary>
/// Heavy reads from a real hot standby (ConnectionStrings:SpatialReplicas) whose replay is paused, so it lags as far as
/// the test wants: a client that wrote reads its write (from the primary), one that did not reads the standby's older
/// data, and once the standby has replayed the write every client reads it there.
/// </summary>
public sealed class ReplicaReadsTests
{
    private const string Project = "/collections/projects/items/JX-01";

    [Fact]
    public async Task A_client_that_wrote_reads_its_write_while_the_standby_lags_and_other_clients_read_the_standby()
    {
        await using var primary = await PrivateCluster.StartAsync();
        await ExecuteAsync(primary.ConnectionString(), "CREATE DATABASE spatial");
        await ExecuteAsync(primary.ConnectionString("spatial"), "CREATE EXTENSION postgis");
        await using (var data = NpgsqlDataSource.Create(primary.ConnectionString("spatial")))
        {
            await new Migrator(SchemaScripts.Embedded()).ApplyAsync(data, CancellationToken.None);
            await GisdataLoader.LoadAsync(data, GisdataDirectory.Resolve(null), CancellationToken.None);
        }
        await using var standby = await primary.StartStandbyAsync();
        var projects = await ScalarAsync<long>(primary.ConnectionString("spatial"), "SELECT count(*) FROM projects");
        Assert.True(projects > 0);
        await WaitForAsync(async () => await ScalarAsync<bool>(standby.ConnectionString("spatial"), "SELECT pg_is_in_recovery()")
                                       && await ScalarAsync<long>(standby.ConnectionString("spatial"), "SELECT count(*) FROM projects") == projects);
        string key;
        await using (var data = NpgsqlDataSource.Create(primary.ConnectionString("spatial")))
            (_, key) = await ApiKeyStore.CreateAsync(data, "管理员 测试", Role.Admin, "tests", CancellationToken.None);
        await using var app = new SpatialApp(primary.ConnectionString("spatial"),
            new Dictionary<string, string?> { ["ConnectionStrings:SpatialReplicas"] = standby.ConnectionString("spatial") });
        var writer = await app.ReadyClientAsync();
        var (before, etag) = await writer.ReadFeatureAsync("projects", "JX-01");
        var oldName = before["properties"]!["name_zh"]!.GetValue<string>();

        await ExecuteAsync(standby.ConnectionString("spatial"), "SELECT pg_wal_replay_pause()");
        var written = await writer.UpdateAsync("projects", "JX-01", new EditorKey(0, "管理员 测试", Role.Admin, key),
            """{"properties":{"name_zh":"副本测试项目"}}""", etag);
        Assert.True(written.Status == HttpStatusCode.OK, written.ToString());
        var position = Assert.Single(written.Headers.GetValues(ReplicaReads.WrittenHeader));

        Assert.Equal("副本测试项目", await NameAsync(writer));                       // its cookie: from the primary
        Assert.Equal(oldName, await NameAsync(app.CreateClient()));                 // no cookie: the standby, still behind
        Assert.Equal("副本测试项目", await NameAsync(app.CreateClient(), position)); // the position as a header
        using (var bad = new HttpRequestMessage(HttpMethod.Get, Project))
        {
            bad.Headers.Add(ReplicaReads.ReadAfterHeader, "yesterday");
            using var refused = await app.CreateClient().SendAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(ReplicaReads.ReadAfterHeader, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await ExecuteAsync(standby.ConnectionString("spatial"), "SELECT pg_wal_replay_resume()");
        await WaitForAsync(async () => await NameAsync(app.CreateClient()) == "副本测试项目");
        Assert.Equal("副本测试项目", await NameAsync(writer));
    }

    private static async Task<string> NameAsync(HttpClient client, string? readAfter = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Project);
        if (readAfter is not null) request.Headers.Add(ReplicaReads.ReadAfterHeader, readAfter);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return document.RootElement.GetProperty("properties").GetProperty("name_zh").GetString()!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(100);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
