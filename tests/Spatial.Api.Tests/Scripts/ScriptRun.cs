using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Spatial.Api.Tests.Scripts;

/// <summary>
/// One run of a command in the scratch clone, its output (stdout and stderr together) in a log file, bounded
/// in time; disposing it kills the whole process tree it started (the API that scripts/run execs included).
/// </summary>
public sealed class ScriptRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _command;
    private bool _disposed;

    private ScriptRun(Process process, string command, string logPath)
    {
        _process = process;
        _command = command;
        LogPath = logPath;
    }

    public string LogPath { get; }

    /// <summary>What it printed so far.</summary>
    public string Output
    {
        get
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }
    }

    public static ScriptRun Start(string workingDirectory, string logPath, IReadOnlyDictionary<string, string> environment, string command, params string[] arguments)
    {
        // Through a file, not a pipe: a process the command leaves behind cannot hold the test's reading open.
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardInput = true };
        foreach (var argument in (string[])["-c", "exec \"$@\" >\"$0\" 2>&1", logPath, command, .. arguments]) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        File.WriteAllText(logPath, "");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        process.StandardInput.Close();   // no stdin, as in CI
        return new ScriptRun(process, command, logPath);
    }

    /// <summary>Waits for it to end; past the timeout it is killed and the test fails with what it printed.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await DisposeAsync();
            throw new TimeoutException($"{_command} was still running after {timeout.TotalSeconds:0} s. It printed:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Polls http://127.0.0.1:port/health/ready until it is 200 and returns its body; fails when the run ends first or the timeout passes.</summary>
    public async Task<JsonElement> ReadyAsync(int port, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{_command} exited {_process.ExitCode} before serving on port {port}. It printed:\n{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                await DisposeAsync();
                throw new TimeoutException($"{_command} did not serve /health/ready on port {port} within {timeout.TotalSeconds:0} s. It printed:\n{Output}");
            }
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
