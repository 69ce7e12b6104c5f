using Npgsql;

namespace Spatial.Api.Data;

/// <summary>
/// Applies the numbered schema scripts in one transaction under an advisory lock, so two service
/// instances starting together cannot both migrate and a script failing half way leaves nothing behind.
/// </summary>
public sealed class Migrator(IReadOnlyList<SchemaScript> scripts)
{
    // Any constant works; it only has to be the same for every instance of Spatial.
    private const long AdvisoryLockKey = 0x5350_4154_4941_4C;

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string ReadHistory = """
        SELECT version, name, checksum FROM schema_migrations ORDER BY version
        """;

    private const string RecordScript = """
        INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)
        """;

    public IReadOnlyList<SchemaScript> Scripts => scripts;

    /// <summary>Applies every pending script; returns the ones applied now.</summary>
    public async Task<IReadOnlyList<SchemaScript>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = AdvisoryLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var create = new NpgsqlCommand(CreateHistoryTable, connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);

        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
        var pending = Compare(applied).Pending;
        foreach (var script in pending)
        {
            try
            {
                await using var command = new NpgsqlCommand(script.Sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new SchemaMigrationException(
                    $"Schema script {script.Version:000}_{script.Name}.sql failed ({e.SqlState}: {e.MessageText}" +
                    (e.Position > 0 ? $" at character {e.Position}" : "") +
                    "). Nothing was applied; fix the script and start again.", e);
            }
            await using var record = new NpgsqlCommand(RecordScript, connection, transaction);
            record.Parameters.Add(new() { Value = script.Version });
            record.Parameters.Add(new() { Value = script.Name });
            record.Parameters.Add(new() { Value = script.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return pending;
    }

    /// <summary>Reads the history without changing anything: what readiness reports.</summary>
    public async Task<MigrationState> InspectAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            return new MigrationState(0, scripts.Count, scripts);
        var applied = await ReadAppliedAsync(connection, null, cancellationToken);
        return new MigrationState(applied.Count, scripts.Count, Compare(applied).Pending);
    }

    private (IReadOnlyList<SchemaScript> Pending, int Applied) Compare(IReadOnlyList<AppliedScript> applied)
    {
        var known = scripts.ToDictionary(s => s.Version);
        foreach (var row in applied)
        {
            if (!known.TryGetValue(row.Version, out var script))
                throw new SchemaMigrationException(
                    $"The database has schema version {row.Version:000}_{row.Name}, which this build does not know: " +
                    "it was migrated by a newer Spatial. Run that version, or restore the database.");
            if (script.Checksum != row.Checksum)
                throw new SchemaMigrationException(
                    $"Schema script {script.Version:000}_{script.Name}.sql was changed after it was applied " +
                    $"(checksum {row.Checksum[..12]}… in the database, {script.Checksum[..12]}… now). " +
                    "Applied scripts are immutable: restore the file and add a new numbered script for the change.");
        }
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        return (scripts.Where(s => !appliedVersions.Contains(s.Version)).ToList(), applied.Count);
    }

    private static async Task<IReadOnlyList<AppliedScript>> ReadAppliedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReadHistory, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AppliedScript>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new AppliedScript(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    private sealed record AppliedScript(int Version, string Name, string Checksum);
}

public sealed record MigrationState(int Applied, int Known, IReadOnlyList<SchemaScript> Pending)
{
    public bool Current => Pending.Count == 0;
}

public sealed class SchemaMigrationException(string message, Exception? inner = null) : Exception(message, inner);
