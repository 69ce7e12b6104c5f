using System.Diagnostics;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>Runs a real command-line tool (GDAL, found on PATH) and returns what it printed; a non-zero exit fails the test.</summary>
internal static class ExternalTool
{
    public static async Task<string> RunAsync(string executable, params string[] arguments)
    {
        if (!Path.IsPathRooted(executable)) executable = Machine.Tool(executable, "gdal-bin");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{executable} exited {process.ExitCode}: {await errors}");
        return await output;
    }
}
