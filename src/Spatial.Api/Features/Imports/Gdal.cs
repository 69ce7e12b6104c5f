using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// GDAL's command-line tools as child processes: an argument list (no shell), the database password in
/// PGPASSWORD (never on the command line, where <c>ps</c> shows it), killed with its children when the import is
/// cancelled or runs past its deadline.
/// </summary>
public static class Gdal
{
    private const int MaxKeptOutput = 64 * 1024;

    public sealed record Result(int ExitCode, string Output, string Errors);

    public static async Task<Result> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken,
        NpgsqlConnectionStringBuilder? database = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (database?.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        start.Environment["PGAPPNAME"] = "spatial/imports-gdal";
        start.Environment["CPL_DEBUG"] = "OFF";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} could not be started ({e.Message}); install Debian's gdal-bin", e);
        }
        var output = KeepAsync(process.StandardOutput);
        var errors = KeepAsync(process.StandardError);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        return new Result(process.ExitCode, await output, await errors);
    }

    /// <summary>Reads a stream to its end, keeping its first 64 KiB (GDAL may warn once per feature).</summary>
    private static async Task<string> KeepAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            if (kept.Length < MaxKeptOutput) kept.Append(buffer, 0, Math.Min(read, MaxKeptOutput - kept.Length));
        return kept.ToString();
    }

    /// <summary>A libpq connection string for GDAL's PG: driver, without the password.</summary>
    public static string PgConnection(NpgsqlConnectionStringBuilder database, string schema)
    {
        static string Quote(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
        var parts = new List<string>
        {
            "host=" + Quote(database.Host ?? "localhost"),
            "port=" + database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "dbname=" + Quote(database.Database ?? ""),
            "user=" + Quote(database.Username ?? ""),
            "active_schema=" + schema,
            "schemas=" + schema,
        };
        return "PG:" + string.Join(' ', parts);
    }
}
