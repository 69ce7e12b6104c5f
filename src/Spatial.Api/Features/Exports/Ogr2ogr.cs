using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Spatial.Api.Features.Exports;

/// <summary>ogr2ogr failed: its exit code and what it wrote to stderr, with every file path reduced to the file's name.</summary>
public sealed class ExportConversionException(string message) : Exception(message);

/// <summary>ogr2ogr ran past the export's deadline and was stopped.</summary>
public sealed class ExportDeadlineException(TimeSpan deadline)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"The file conversion ran past its deadline of {deadline.TotalSeconds:0.#} s and was stopped."));

/// <summary>
/// Runs ogr2ogr on files in an export's folder: arguments as a list (no shell), stdin closed, stderr kept
/// (bounded), a deadline, and the whole process tree killed when the deadline passes or the caller cancels
/// (the client left). GDAL's own temporary files go to the same folder, removed with it.
/// </summary>
public sealed partial class Ogr2ogr(string program, TimeSpan deadline)
{
    private const int MaxErrorChars = 4_000;

    /// <summary>Converts; returns GDAL's warnings (paths reduced to file names), empty when there were none.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false, WorkingDirectory = folder,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8, StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CPL_TMPDIR"] = folder;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ExportConversionException($"ogr2ogr could not be started ({e.Message}); install Debian's gdal-bin or set Spatial:Exports:Ogr2ogr.");
        }
        process.StandardInput.Close();
        var errors = ReadBoundedAsync(process.StandardError);
        var output = ReadBoundedAsync(process.StandardOutput);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(deadline);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new ExportDeadlineException(deadline);
        }
        var messages = Reduce((await errors + await output).Trim(), folder);
        if (process.ExitCode != 0)
            throw new ExportConversionException(string.Create(CultureInfo.InvariantCulture,
                $"ogr2ogr exited with {process.ExitCode}: {(messages.Length == 0 ? "no message" : messages)}"));
        return messages;
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
        process.WaitForExit(5_000);
    }

    /// <summary>Reads a stream to its end (so the process never blocks on a full pipe), keeping only the first characters.</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            if (kept.Length < MaxErrorChars) kept.Append(buffer, 0, Math.Min(read, MaxErrorChars - kept.Length));
        return kept.ToString();
    }

    /// <summary>GDAL's messages without the server's paths: the export's folder goes, any other absolute path becomes its file name.</summary>
    public static string Reduce(string messages, string folder)
    {
        var text = messages.Replace(folder.TrimEnd('/') + "/", "", StringComparison.Ordinal).Replace(folder, ".", StringComparison.Ordinal);
        return AbsolutePath().Replace(text, m => Path.GetFileName(m.Value.TrimEnd('/')));
    }

    // Two or more segments (/tmp/x/y.gpkg), so the closing tags of XML that GDAL quotes are not taken for paths.
    [GeneratedRegex(@"(?<![\w.~<-])(/[^\s'""`:,;()<>\[\]/]+){2,}/?")]
    private static partial Regex AbsolutePath();
}
