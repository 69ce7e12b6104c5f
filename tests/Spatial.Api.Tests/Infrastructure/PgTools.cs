using System.Diagnostics;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// PostgreSQL's server programs (initdb, pg_ctl) run as the cluster's owner: 'postgres' when the tests run
/// as root (PostgreSQL refuses root), else the invoking user.
/// </summary>
internal static class PgTools
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs the tool; a non-zero exit fails with what it printed.</summary>
    public static async Task RunAsync(string tool, params string[] arguments)
    {
        var (exit, output) = await TryAsync(tool, arguments);
        if (exit != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {exit}: {output}");
    }

    /// <summary>Runs the tool and returns its exit code and what it printed (e.g. pg_ctl status: 3 when no server runs).</summary>
    public static Task<(int Exit, string Output)> TryAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(Machine.PgBin, tool);
        return IsRoot ? ProcessAsync("runuser", ["-u", "postgres", "--", executable, .. arguments]) : ProcessAsync(executable, arguments);
    }

    public static async Task<(int Exit, string Output)> ProcessAsync(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await errors + await output);
    }
}
