using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// A write stopped half-way leaves nothing: the test holds feature_history in EXCLUSIVE mode, so the
/// API's write runs its INSERT/UPDATE of the row and then waits at the history trigger's insert, inside
/// its transaction; then the API process is killed (SIGKILL) or the client gives up, and the lock is
/// released. Neither the row's change nor a history version may survive.
/// </summary>
public sealed class InterruptedWriteTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>How soon a client's giving up must reach the database: well inside the edits' 30 s statement timeout, which would end the wait anyway.</summary>
    private static readonly TimeSpan CancelReachesTheDatabase = TimeSpan.FromSeconds(10);

    public enum Write { Create, Update }

    [Fact]
    public async Task An_api_process_killed_while_a_create_and_an_update_wait_in_their_transactions_leaves_no_row_change_and_no_version()
    {
        var create = await WriteAsync(Write.Create, "killed-create");
        var update = await WriteAsync(Write.Update, "killed-update");
        var before = await editing.Database.AttributesAsync("projects", "killed-update");
        var versions = await editing.Database.HistoryAsync("projects", "killed-update");
        await using var api = await ApiProcess.StartAsync(editing.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(api.Url) };

        int[] sessions;
        await using (await TableLock.TakeAsync(editing.Database, "feature_history", "EXCLUSIVE"))
        {
            var pending = new[] { client.AnswerAsync(create), client.AnswerAsync(update) };
            sessions = [
                await WaitingAtHistoryAsync(Write.Create, () => $"{pending[0].Status}; API output:\n{api.Output}"),
                await WaitingAtHistoryAsync(Write.Update, () => $"{pending[1].Status}; API output:\n{api.Output}"),
            ];
            await api.KillAsync();
            foreach (var write in pending) await Assert.ThrowsAnyAsync<HttpRequestException>(() => write);
        }
        foreach (var session in sessions) await GoneOrIdleAsync(session);

        Assert.Null(await editing.Database.AttributesAsync("projects", "killed-create"));
        Assert.Empty(await editing.Database.HistoryAsync("projects", "killed-create"));
        Assert.Equal(before.ToString(), (await editing.Database.AttributesAsync("projects", "killed-update")).ToString());
        Assert.Equal(versions, await editing.Database.HistoryAsync("projects", "killed-update"));
    }

    [Fact]
    public async Task A_write_the_client_cuts_off_while_it_waits_in_the_transaction_leaves_nothing()
    {
        const string id = "cut-off-update";
        var request = await WriteAsync(Write.Update, id);
        var before = await editing.Database.AttributesAsync("projects", id);
        var versions = await editing.Database.HistoryAsync("projects", id);
        await using var server = RealServer.Start(editing.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var giveUp = new CancellationTokenSource();

        int session;
        await using (await TableLock.TakeAsync(editing.Database, "feature_history", "EXCLUSIVE"))
        {
            var pending = client.AnswerAsync(request, giveUp.Token);
            session = await WaitingAtHistoryAsync(Write.Update, () => pending.Status.ToString());
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
            await NotWaitingAsync(session);
        }
        await GoneOrIdleAsync(session);

        Assert.Equal(before.ToString(), (await editing.Database.AttributesAsync("projects", id)).ToString());
        Assert.Equal(versions, await editing.Database.HistoryAsync("projects", id));
    }

    /// <summary>The same hold, released instead of cut: the write then completes, so the hold is in the middle of a real write.</summary>
    [Fact]
    public async Task A_write_held_at_the_history_insert_completes_with_its_version_once_released()
    {
        const string id = "held-update";
        var request = await WriteAsync(Write.Update, id);
        Task<Answer> pending;
        await using (await TableLock.TakeAsync(editing.Database, "feature_history", "EXCLUSIVE"))
        {
            pending = editing.Client.AnswerAsync(request);
            await WaitingAtHistoryAsync(Write.Update, () => pending.Status.ToString());
        }
        Assert.Equal(200, (await pending).Code);
        Assert.Equal(["create", "update"], (await editing.Database.HistoryAsync("projects", id)).Select(h => h.Operation));
    }

    /// <summary>A land officer's POST of a new project, or PATCH of a copy made in SQL.</summary>
    private async Task<HttpRequestMessage> WriteAsync(Write write, string id)
    {
        var officer = editing.Keys[Role.LandOfficer];
        if (write == Write.Create)
        {
            var (model, _) = await editing.Client.ReadFeatureAsync("projects", await editing.Database.ReferenceIdAsync("projects"));
            model["id"] = id;
            model["properties"]!["source_ref"] = $"test {id}";
            return Request(HttpMethod.Post, "/collections/projects/items", officer, model.ToJsonString());
        }
        await editing.Database.CopyAsync("projects", id);
        var (_, etag) = await editing.Client.ReadFeatureAsync("projects", id);
        return Request(HttpMethod.Patch, Item("projects", id), officer, PatchOf("summary_zh", "改到一半"), MergePatch, etag);
    }

    /// <summary>
    /// The API's session once its statement on projects has run (it holds the row lock of an INSERT or
    /// UPDATE) and it waits for feature_history: the write is inside its transaction, not yet committed.
    /// </summary>
    private async Task<int> WaitingAtHistoryAsync(Write write, Func<string> state)
    {
        var statement = write == Write.Create ? "INSERT INTO projects%" : "UPDATE projects%";
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var waiting = await editing.Database.RowsAsync("""
                SELECT a.pid FROM pg_stat_activity a
                WHERE a.datname = current_database() AND a.application_name LIKE '%/edits'
                  AND a.wait_event_type = 'Lock' AND a.query LIKE $1
                  AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted AND l.relation = 'feature_history'::regclass)
                  AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.relation = 'projects'::regclass
                                                          AND l.mode = 'RowExclusiveLock')
                """, r => r.GetInt32(0), statement);
            if (waiting.Count == 1) return waiting[0];
            Assert.True(DateTime.UtcNow < deadline, $"no session of the API waits at feature_history after its {statement}: {state()}");
            await Task.Delay(50);
        }
    }

    private async Task NotWaitingAsync(int session)
    {
        var deadline = DateTime.UtcNow + CancelReachesTheDatabase;
        while (await editing.Database.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted", session) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"session {session} still waits after the client gave up");
            await Task.Delay(50);
        }
    }

    /// <summary>Until the API's session ended (its process is dead) or went back to the pool: its transaction is over.</summary>
    private async Task GoneOrIdleAsync(int session)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await editing.Database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state <> 'idle'", session) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"session {session} is still in its transaction");
            await Task.Delay(50);
        }
    }
}
