using System.Globalization;
using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>
/// The GDAL process behind an export and the folder it works in, on a real socket: a client that leaves, a
/// deadline, a full house, a failure, an export too large. A stand-in for ogr2ogr (a shell script that notes its
/// processes and sleeps before it runs the real one) makes the conversion last; the folder is the test's own.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ExportProcessTests(ApiFixture api)
{
    private sealed class Stage : IDisposable
    {
        private readonly Downloads _root = new();

        public Stage()
        {
            Directory.CreateDirectory(Work);
        }

        /// <summary>Where the service makes its export folders.</summary>
        public string Work => _root.File("work");

        public string Pids => _root.File("pids");

        /// <summary>A stand-in for ogr2ogr: notes its pid and its child's, sleeps <paramref name="seconds"/>, then runs <paramref name="then"/>.</summary>
        public string Converter(int seconds, string then = "exec ogr2ogr \"$@\"")
        {
            var script = _root.File("ogr2ogr-" + seconds.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(script, $"""
                #!/bin/sh
                echo $$ >> '{Pids}'
                sleep {seconds} &
                echo $! >> '{Pids}'
                wait $!
                {then}

                """);
            // The stand-in is a shell script; the tests run where GDAL and PostgreSQL do (Linux).
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return script;
        }

        public List<int> StartedProcesses() =>
            File.Exists(Pids) ? File.ReadAllLines(Pids).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList() : [];

        public void Dispose() => _root.Dispose();
    }

    /// <summary>A process that runs: it has a /proc entry and is not a zombie (dead, waiting to be reaped).</summary>
    private static bool Alive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task Eventually(Func<bool> condition, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {seconds} s: {what}");
            await Task.Delay(100);
        }
    }

    private static Dictionary<string, string?> Settings(Stage stage, string converter, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Spatial:Exports:Ogr2ogr"] = converter, ["Spatial:Exports:TempDirectory"] = stage.Work };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_client_that_leaves_during_the_conversion_leaves_no_ogr2ogr_process_and_no_folder_behind()
    {
        using var stage = new Stage();
        await using var server = RealServer.Start(api.Database.ConnectionString, Settings(stage, stage.Converter(300)));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var leave = new CancellationTokenSource();

        var download = client.GetAsync(new Uri("/collections/projects/items?f=gpkg", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, leave.Token);
        await Eventually(() => stage.StartedProcesses().Count == 2, "the converter started");
        var processes = stage.StartedProcesses();
        Assert.All(processes, p => Assert.True(Alive(p), $"process {p} should run while the export converts"));
        var folder = Assert.Single(Directory.GetDirectories(stage.Work));
        Assert.True(File.Exists(Path.Combine(folder, "features.geojson")), "the features are spooled before the conversion");

        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);

        await Eventually(() => processes.All(p => !Alive(p)), $"processes {string.Join(", ", processes)} stopped");
        await Eventually(() => Directory.GetFileSystemEntries(stage.Work).Length == 0, "the export's folder removed");
    }

    [Fact]
    public async Task A_conversion_past_the_exports_deadline_is_stopped_and_answered_503_with_retry_after()
    {
        using var stage = new Stage();
        await using var server = RealServer.Start(api.Database.ConnectionString,
            Settings(stage, stage.Converter(300), ("Spatial:Work:Exports:Deadline", "00:00:02")));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        using var response = await client.GetAsync(new Uri("/collections/projects/items?f=kml", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("deadline of 2 s", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var processes = stage.StartedProcesses();
        Assert.Equal(2, processes.Count);
        await Eventually(() => processes.All(p => !Alive(p)), "the converter stopped");
        await Eventually(() => Directory.GetFileSystemEntries(stage.Work).Length == 0, "the export's folder removed");
    }

    [Fact]
    public async Task One_export_more_than_the_server_makes_at_once_is_a_503_with_retry_after()
    {
        using var stage = new Stage();
        await using var server = RealServer.Start(api.Database.ConnectionString,
            Settings(stage, stage.Converter(300), ("Spatial:Exports:MaxConcurrent", "1")));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var leave = new CancellationTokenSource();
        var first = client.GetAsync(new Uri("/collections/projects/items?f=shp", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, leave.Token);
        await Eventually(() => stage.StartedProcesses().Count == 2, "the first export converting");

        using var second = await client.GetAsync(new Uri("/collections/counties/items?f=dxf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), second.Headers.RetryAfter?.Delta);
        var problem = await ProblemAsync(second);
        Assert.Equal("Exports busy", problem.GetProperty("title").GetString());
        Assert.Contains("1 export(s) are being made", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, stage.StartedProcesses().Count);
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Eventually(() => Directory.GetFileSystemEntries(stage.Work).Length == 0, "the export's folder removed");
    }

    [Fact]
    public async Task A_failed_conversion_is_a_500_problem_with_gdals_words_and_no_path_of_the_server()
    {
        using var stage = new Stage();
        var failing = stage.Converter(0, "echo \"ERROR 1: Unable to open datasource \\`$PWD/layer.vrt' with the following drivers.\" >&2; exit 1");
        await using var server = RealServer.Start(api.Database.ConnectionString, Settings(stage, failing));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        using var response = await client.GetAsync(new Uri("/collections/projects/items?f=gpkg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await ProblemAsync(response);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Equal("Export failed", problem.GetProperty("title").GetString());
        Assert.Contains("ogr2ogr exited with 1: ERROR 1: Unable to open datasource `layer.vrt' with the following drivers.", detail, StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("traceId").GetString()!, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(stage.Work, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("spatial-export-", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("/tmp", detail, StringComparison.Ordinal);
        await Eventually(() => Directory.GetFileSystemEntries(stage.Work).Length == 0, "the export's folder removed");
    }

    [Fact]
    public async Task An_export_of_more_features_than_an_export_holds_is_refused_before_anything_is_converted()
    {
        using var stage = new Stage();
        await using var server = RealServer.Start(api.Database.ConnectionString,
            Settings(stage, stage.Converter(0), ("Spatial:Exports:MaxFeatures", "27")));
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        using var projects = await client.GetAsync(new Uri("/collections/projects/items?f=gpkg", UriKind.Relative));
        using var zones = await client.GetAsync(new Uri("/collections/planting-zones/items?f=gpkg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, projects.StatusCode);
        var problem = await ProblemAsync(projects);
        Assert.Equal("Export too large", problem.GetProperty("title").GetString());
        Assert.Equal(27, problem.GetProperty("limit").GetInt32());
        Assert.StartsWith("65 features match; an export holds at most 27.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // 27 planting zones are not too many: the limit is what an export holds, not one fewer.
        Assert.Equal(HttpStatusCode.OK, zones.StatusCode);
        Assert.Equal(2, stage.StartedProcesses().Count);
        await Eventually(() => Directory.GetFileSystemEntries(stage.Work).Length == 0, "both exports' folders removed");
    }
}
