using System.Text;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>
/// An import killed half-way through its write leaves the database as it was: the test holds feature_history in
/// EXCLUSIVE mode, so the import's UPDATE has run and waits at the history trigger, inside its transaction; then the
/// API process is killed. The next process finds the import still "writing" and marks it failed.
/// </summary>
public sealed class InterruptedImportTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_api_process_killed_while_an_import_writes_leaves_the_database_unchanged_and_the_next_process_marks_it_failed()
    {
        await fixture.Database.CopyAsync("projects", "kill-1");
        var projects = ImportFiles.Projects("kill", 50);
        var file = Encoding.UTF8.GetBytes(ImportFiles.GeoJson(projects));
        var before = await fixture.Database.WrittenRowsAsync();
        var copy = (await fixture.Database.AttributesAsync("projects", "kill-1")).ToString();
        var admin = fixture.Keys[Role.Admin];

        await using (var api = await ApiProcess.StartAsync(fixture.Database.ConnectionString))
        {
            using var client = new HttpClient { BaseAddress = new Uri(api.Url), Timeout = Patience };
            await using (await TableLock.TakeAsync(fixture.Database, "feature_history", "EXCLUSIVE"))
            {
                var pending = client.AnswerAsync(ImportCalls.Upload("projects", admin, file, "application/geo+json"));
                await WaitingAtHistoryAsync(() => $"{pending.Status}; API output:\n{api.Output}");
                await api.KillAsync();
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
            }
        }

        Assert.Equal(before, await fixture.Database.WrittenRowsAsync());
        Assert.Equal(copy, (await fixture.Database.AttributesAsync("projects", "kill-1")).ToString());
        Assert.Null(await fixture.Database.AttributesAsync("projects", "kill-2"));
        var importId = await fixture.Database.ScalarAsync<long>("SELECT max(id) FROM imports");
        Assert.Equal("writing", await fixture.Database.ScalarAsync<string>("SELECT status FROM imports WHERE id = $1", importId));

        await using var next = await ApiProcess.StartAsync(fixture.Database.ConnectionString);
        using var nextClient = new HttpClient { BaseAddress = new Uri(next.Url) };
        var deadline = DateTime.UtcNow + Patience;
        Answer answer;
        while ((answer = await nextClient.GetAsync($"/imports/{importId}", admin)).Status() != "failed")
        {
            Assert.True(DateTime.UtcNow < deadline, answer.ToString());
            await Task.Delay(200);
        }
        Assert.Contains("stopped while the import was writing", answer.Json.GetProperty("failure").GetString());
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'import_staging'"));
        Assert.Equal(before, await fixture.Database.WrittenRowsAsync());
    }

    /// <summary>Until the import's session has run its UPDATE of projects and waits for feature_history: inside its transaction.</summary>
    private async Task WaitingAtHistoryAsync(Func<string> state)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var waiting = await fixture.Database.ScalarAsync<long>("""
                SELECT count(*) FROM pg_stat_activity a
                WHERE a.datname = current_database() AND a.application_name LIKE '%/imports'
                  AND a.wait_event_type = 'Lock' AND a.query LIKE 'UPDATE projects%'
                  AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted AND l.relation = 'feature_history'::regclass)
                """);
            if (waiting == 1) return;
            Assert.True(DateTime.UtcNow < deadline, $"no session of the import waits at feature_history after its UPDATE: {state()}");
            await Task.Delay(50);
        }
    }
}
