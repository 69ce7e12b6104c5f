using System.Globalization;

namespace Spatial.Bench;

/// <summary>
/// CPU time this process's Chromium has spent on its pages' main threads and in their dedicated workers, read from
/// /proc: unlike frame times it barely depends on what else the machine runs, so runs on a busy shared machine compare.
/// Only renderers descending from this process count (other people's browsers on the machine do not).
/// </summary>
public static class RendererCpu
{
    private const double MsPerTick = 10;   // USER_HZ is 100 on Linux

    public static (double Main, double Workers) Now()
    {
        var (main, workers) = (0.0, 0.0);
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid) || !IsRendererOfThisProcess(pid)) continue;
            try
            {
                foreach (var task in Directory.EnumerateDirectories(Path.Combine(process, "task")))
                {
                    var ms = Ticks(Path.Combine(task, "stat")) * MsPerTick;
                    if (Path.GetFileName(task) == pid.ToString(CultureInfo.InvariantCulture)) main += ms;
                    else if (Read(Path.Combine(task, "comm")).StartsWith("DedicatedWorker", StringComparison.Ordinal)) workers += ms;
                }
            }
            catch (IOException)
            {
                // The renderer exited between its check and the listing of its threads: it spends nothing more.
            }
        }
        return (main, workers);
    }

    private static bool IsRendererOfThisProcess(int pid)
    {
        if (!Read($"/proc/{pid}/cmdline").Contains("--type=renderer", StringComparison.Ordinal)) return false;
        for (var at = pid; at > 1; at = Parent(at)) if (at == Environment.ProcessId) return true;
        return false;
    }

    // stat: "pid (comm) state ppid … utime stime …"; the fields after the command name, which may hold spaces.
    private static string[] Fields(string stat) => stat.Length == 0 ? [] : stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    private static int Parent(int pid) => Fields(Read($"/proc/{pid}/stat")) is [_, var ppid, ..] ? int.Parse(ppid, CultureInfo.InvariantCulture) : 0;

    private static long Ticks(string stat) => Fields(Read(stat)) is { Length: > 12 } f
        ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture) : 0;

    // A process or thread may end between listing and reading.
    private static string Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
