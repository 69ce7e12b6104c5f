using System.Security.Cryptography;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Cli.Gisdata;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>
/// A database with the schema and all of gisdata/ loaded, never used directly: classes that need the
/// reference rows and write their own get a copy of it (CREATE DATABASE … TEMPLATE, a file copy of a
/// second or two instead of a load of twenty). It is named by what it was made from (the service's and
/// the loader's assemblies, gisdata/'s files), so runs reuse it until one of them changes; then the
/// run that builds the new one drops the old.
/// </summary>
internal static class GisdataTemplate
{
    private const string Prefix = "spatial_template_";

    private static readonly Lazy<Task<string>> Name = new(GetOrCreateAsync);

    public static Task<string> NameAsync() => Name.Value;

    private static async Task<string> GetOrCreateAsync()
    {
        var name = Prefix + Fingerprint();
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        // One test process builds it, others wait for it here and then find it.
        await ExecuteAsync(admin, "SELECT pg_advisory_lock(hashtext('spatial gisdata template'))");
        try
        {
            if (await ExistsAsync(admin, name)) return name;
            var database = await TestDatabase.CreateAsync();
            await new Migrator(SchemaScripts.Embedded()).ApplyAsync(database.DataSource, CancellationToken.None);
            await GisdataLoader.LoadAsync(database.DataSource, GisdataDirectory.Resolve(null), CancellationToken.None);
            // A template must have no sessions while it is copied: the data source closes its pool. Renamed
            // only when complete, so an interrupted load never leaves a template behind under this name.
            await database.DataSource.DisposeAsync();
            await ExecuteAsync(admin, $"ALTER DATABASE \"{database.Name}\" RENAME TO \"{name}\"");
            await DropOthersAsync(admin, name);
            return name;
        }
        finally
        {
            await ExecuteAsync(admin, "SELECT pg_advisory_unlock(hashtext('spatial gisdata template'))");
        }
    }

    private static string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var assembly in new[] { typeof(Migrator).Assembly, typeof(GisdataLoader).Assembly })
            hash.AppendData(assembly.ManifestModule.ModuleVersionId.ToByteArray());
        var gisdata = GisdataDirectory.Resolve(null);
        foreach (var file in Directory.EnumerateFiles(gisdata, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(gisdata, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection admin, string name)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", admin);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Templates of an older schema, loader or data; one still being copied by another run stays (DROP without FORCE fails).</summary>
    private static async Task DropOthersAsync(NpgsqlConnection admin, string keep)
    {
        var others = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2", admin))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Prefix + "%" });
            command.Parameters.Add(new NpgsqlParameter { Value = keep });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) others.Add(reader.GetString(0));
        }
        foreach (var other in others)
        {
            try
            {
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{other}\"");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                // in use by a run still going; the next build of a template drops it
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
