using System.IO.Compression;
using System.Text;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>Large files run in the background (202 + Location, polled), one at a time here; uploads and zips are held to their limits.</summary>
public sealed class BackgroundImportTests(SmallLimitsFixture fixture) : IClassFixture<SmallLimitsFixture>
{
    private EditorKey Officer => fixture.Keys[Role.LandOfficer];

    private static readonly string[] Progress = ["queued", "reading", "checking", "writing", "succeeded"];

    [Fact]
    public async Task A_file_over_the_threshold_is_accepted_with_202_and_its_progress_is_polled_until_it_succeeded()
    {
        var projects = ImportFiles.Projects("bg-large", 60);
        var file = Encoding.UTF8.GetBytes(ImportFiles.GeoJson(projects));
        Assert.True(file.Length > SmallLimitsFixture.AsyncAboveBytes);

        var accepted = await fixture.Client.ImportAsync("projects", Officer, file, "application/geo+json");

        Assert.True(accepted.Code == 202, accepted.ToString());
        var location = accepted.Headers.Location!.ToString();
        Assert.Contains(accepted.Status(), Progress);
        var done = await fixture.Client.UntilDoneAsync(location, Officer);
        Assert.Equal("succeeded", done.Status());
        Assert.Equal((60, 60, 60), (done.Count("total"), done.Count("done"), done.Count("created")));
        Assert.Equal(60L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE id LIKE 'bg-large-%'"));
    }

    [Fact]
    public async Task With_one_import_at_a_time_a_second_waits_queued_while_the_first_writes()
    {
        var first = Encoding.UTF8.GetBytes(ImportFiles.GeoJson(ImportFiles.Projects("bg-first", 2)));
        var second = Encoding.UTF8.GetBytes(ImportFiles.GeoJson(ImportFiles.Projects("bg-second", 2)));
        Answer one, two;
        await using (await TableLock.TakeAsync(fixture.Database, "feature_history", "EXCLUSIVE"))
        {
            one = await fixture.Client.AnswerAsync(ImportCalls.Upload("projects", Officer, first, "application/geo+json", respondAsync: true));
            Assert.True(one.Code == 202, one.ToString());
            Assert.Equal("respond-async", one.Headers.GetValues("Preference-Applied").Single());
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await fixture.Client.GetAsync($"/imports/{one.Id()}", Officer)).Status() != "writing")
            {
                Assert.True(DateTime.UtcNow < deadline, "the first import never reached writing");
                await Task.Delay(100);
            }
            two = await fixture.Client.AnswerAsync(ImportCalls.Upload("projects", Officer, second, "application/geo+json", respondAsync: true));
            await Task.Delay(1000);
            Assert.Equal("queued", (await fixture.Client.GetAsync($"/imports/{two.Id()}", Officer)).Status());
        }
        Assert.Equal("succeeded", (await fixture.Client.UntilDoneAsync($"/imports/{one.Id()}", Officer)).Status());
        Assert.Equal("succeeded", (await fixture.Client.UntilDoneAsync($"/imports/{two.Id()}", Officer)).Status());
    }

    [Fact]
    public async Task A_polled_import_shows_done_rising_batch_by_batch_while_it_checks_and_writes_before_it_has_finished()
    {
        const int count = 40;
        var projects = ImportFiles.Projects("bg-progress", count);
        // Feature 15 updates a stored project the test holds locked: the write's second batch waits for it.
        await fixture.Database.CopyAsync("projects", projects[14].Id);
        var file = Encoding.UTF8.GetBytes(ImportFiles.GeoJson(projects));
        await fixture.Database.ScalarAsync<object>(ProgressLog);
        try
        {
            string location;
            await using (await TableLock.TakeRowAsync(fixture.Database, "projects", projects[14].Id))
            {
                var accepted = await fixture.Client.ImportAsync("projects", Officer, file, "application/geo+json");
                Assert.True(accepted.Code == 202, accepted.ToString());
                location = accepted.Headers.Location!.ToString();
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                Answer polled;
                while ((polled = await fixture.Client.GetAsync(location, Officer)).Status() != "writing" || polled.Count("done") == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"the import never showed writing progress: {polled}");
                    await Task.Delay(50);
                }
                Assert.Equal((SmallLimitsFixture.BatchFeatures, count), (polled.Count("done"), polled.Count("total")));
                Assert.Equal(System.Text.Json.JsonValueKind.Null, polled.Json.GetProperty("finished_at").ValueKind);
            }
            var finished = await fixture.Client.UntilDoneAsync(location, Officer);
            Assert.Equal(("succeeded", count, count, count - 1, 1), (finished.Status(), finished.Count("done"), finished.Count("total"), finished.Count("created"), finished.Count("updated")));

            // Every state the import row went through: checking moved on after each batch, so did writing (a report may be skipped there).
            var steps = await fixture.Database.RowsAsync("SELECT status, done, total FROM test_import_progress WHERE import_id = $1 ORDER BY seq",
                r => (Status: r.GetString(0), Done: r.GetInt32(1), Total: r.GetInt32(2)), long.Parse(finished.Id(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal([0, 10, 20, 30, 40], steps.Where(s => s.Status == "checking").Select(s => s.Done));
            Assert.All(steps.Where(s => s.Status is "checking" or "writing"), s => Assert.Equal(count, s.Total));
            var writing = steps.Where(s => s.Status == "writing").Select(s => s.Done).ToList();
            Assert.Equal([0, 10], writing.Take(2));
            Assert.Equal(writing.Order(), writing);
            Assert.Equal(("succeeded", count), (steps[^1].Status, steps[^1].Done));
        }
        finally
        {
            await fixture.Database.ScalarAsync<object>("DROP TRIGGER test_import_progress ON imports; DROP TABLE test_import_progress");
        }
    }

    /// <summary>A log of every change of an import row's status and counts (this class's own database; dropped after the test).</summary>
    private const string ProgressLog = """
        CREATE TABLE test_import_progress (seq bigserial, import_id bigint, status text, done int, total int);
        CREATE OR REPLACE FUNCTION test_log_import_progress() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO test_import_progress (import_id, status, done, total)
            VALUES (NEW.id, NEW.status, (NEW.counts->>'done')::int, (NEW.counts->>'total')::int);
            RETURN NEW;
        END $$;
        CREATE TRIGGER test_import_progress AFTER UPDATE ON imports FOR EACH ROW EXECUTE FUNCTION test_log_import_progress();
        """;

    [Fact]
    public async Task A_file_over_the_upload_limit_is_413_and_nothing_is_left_in_the_spool()
    {
        var answer = await fixture.Client.ImportAsync("projects", Officer, new byte[SmallLimitsFixture.MaxBytes + 1024 * 1024 + 10], "application/geo+json");
        AssertProblem(answer, 413);
        Assert.Contains("MaxUploadBytes", answer.Detail);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Spool));
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_zip_that_unpacks_past_the_limit_is_413_however_small_it_is()
    {
        var bomb = Zip(("a.shp", new byte[4 * SmallLimitsFixture.MaxBytes]), ("a.dbf", new byte[10]), ("a.shx", new byte[10]));
        Assert.True(bomb.Length < 64 * 1024);

        var answer = await fixture.Client.ImportAsync("projects", Officer, bomb, "application/zip");

        AssertProblem(answer, 413);
        Assert.Contains("MaxUnzippedBytes", answer.Detail);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Spool));
    }

    [Fact]
    public async Task A_zip_entry_that_climbs_out_of_the_archive_is_400_naming_it()
    {
        var answer = await fixture.Client.ImportAsync("projects", Officer, Zip(("a.shp", [1]), ("../../etc/evil.dbf", [1])), "application/zip");
        AssertProblem(answer, 400);
        Assert.Contains("'../../etc/evil.dbf'", answer.Detail);
    }

    [Fact]
    public async Task A_zip_with_too_many_entries_is_400()
    {
        var entries = Enumerable.Range(0, SmallLimitsFixture.MaxZipEntries + 1).Select(i => ($"f{i}.txt", new byte[] { 1 })).ToArray();
        var answer = await fixture.Client.ImportAsync("projects", Officer, Zip(entries), "application/zip");
        AssertProblem(answer, 400);
        Assert.Contains("MaxZipEntries", answer.Detail);
    }
}
