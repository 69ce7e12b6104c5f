using System.Diagnostics;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests;

/// <summary>A program of a Debian package (on PATH) run as an independent reader or writer of files; a non-zero exit fails the test.</summary>
internal static class DebianTool
{
    public static async Task<string> RunAsync(string tool, string package, params string[] arguments)
    {
        var start = new ProcessStartInfo(Machine.Tool(tool, package)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {await errors}");
        return await output;
    }
}
