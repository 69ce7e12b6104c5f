using Npgsql;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// What the tests assume of the machine, in one place and checked once: a missing piece fails the run
/// with a message naming it and how to get it, instead of a puzzling failure deep inside some test.
/// scripts/test sets every variable and prints what it found.
/// </summary>
public static class Machine
{
    private static readonly Lazy<Task> Cluster = new(CheckClusterAsync);

    /// <summary>PostgreSQL's server programs (initdb, pg_ctl), for tests that run a cluster of their own.</summary>
    public static string PgBin
    {
        get
        {
            var bin = Environment.GetEnvironmentVariable("SPATIAL_PG_BIN") is { Length: > 0 } set ? set : "/usr/lib/postgresql/15/bin";
            foreach (var tool in new[] { "initdb", "pg_ctl" })
                if (!File.Exists(Path.Combine(bin, tool)))
                    throw new InvalidOperationException(
                        $"{tool} is not in {bin}: set SPATIAL_PG_BIN to PostgreSQL's bin directory, or install postgresql-15 (scripts/test does, as root).");
            return bin;
        }
    }

    /// <summary>Debian's Chromium, which Playwright drives (it downloads no browser of its own).</summary>
    public static string Chromium
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("SPATIAL_CHROMIUM") is { Length: > 0 } set ? set : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"Chromium is not at {path}: set SPATIAL_CHROMIUM to a Chromium executable, or install Debian's chromium (scripts/test does, as root).");
        }
    }

    /// <summary>A program on PATH (e.g. GDAL's ogrinfo), or a message naming the package that brings it.</summary>
    public static string Tool(string name, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException($"{name} is not on PATH: install {package} (scripts/test does, as root).");
    }

    /// <summary>
    /// The shared cluster stores Chinese text (UTF8) and orders text by code point (C collation), as
    /// scripts/test's initdb makes it: the expected orders of ids and names, the keyset cursors and
    /// the CSV bytes were worked out under those rules. A linguistic collation (en_US, zh_CN) skips
    /// punctuation and case at first level and would sort 'JX-1' and 'jx1' differently.
    /// </summary>
    public static Task CheckDatabaseClusterAsync() => Cluster.Value;

    private static async Task CheckClusterAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"The test cluster named by SPATIAL_TEST_ADMIN does not answer ({e.Message}): run the tests with scripts/test, which starts it.", e);
        }
        // CREATE DATABASE copies template1, so its encoding and collation are every test database's.
        await using var command = new NpgsqlCommand(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = 'template1'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (encoding, collate, ctype) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        if (encoding != "UTF8" || !IsCodePointOrder(collate) || !IsCodePointOrder(ctype))
            throw new InvalidOperationException(
                $"The test cluster's template1 is {encoding}, collation {collate}, ctype {ctype}; the tests need UTF8 with C or C.UTF-8. " +
                "Let scripts/test create its own cluster (initdb -E UTF8 --locale=C.UTF-8): remove .local/pg or set SPATIAL_PG_DIR and SPATIAL_PG_PORT to new ones.");
    }

    private static bool IsCodePointOrder(string locale) => locale is "C" or "POSIX" or "C.UTF-8" or "C.utf8";
}
