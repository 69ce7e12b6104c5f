using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Imports;

/// <summary>The <c>imports</c> rows: made when a file arrives, updated as the import goes, finished with its report.</summary>
public static class ImportStore
{
    private const string CreateSql = """
        INSERT INTO imports (layer, collection, status, dry_run, user_name, role, key_id, format, file_name, file_bytes, options)
        VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING id
        """;

    public static async Task<long> CreateAsync(NpgsqlDataSource database, ImportJob job, CancellationToken cancellationToken)
    {
        var options = new JsonObject
        {
            ["match"] = ImportParameters.Code(job.Parameters.Match),
            ["mapping"] = JsonSerializer.SerializeToNode(job.Parameters.Mapping),
            ["layer"] = job.Parameters.Layer,
            ["crs"] = job.Parameters.Coordinates.Crs,
            ["seven_parameters"] = job.Parameters.Coordinates.SevenParameters,
            ["rotation_convention"] = job.Parameters.Coordinates.RotationConvention,
            ["four_parameters"] = job.Parameters.Coordinates.FourParameters,
            ["encoding"] = job.Parameters.Encoding is { } e ? ImportParameters.Code(e) : null,
        };
        await using var command = database.CreateCommand(CreateSql);
        foreach (var value in new object?[]
                 {
                     job.Layer.Table, job.Layer.Collection.Id, job.Parameters.DryRun, job.Editor.Name, job.Editor.Role.Code(), job.Editor.KeyId,
                     job.Format.Code(), job.File.FileName, job.File.Bytes, options.ToJsonString(),
                 })
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A new step of the import: its status and, when known, what it changes (encoding, CRS, unknown fields, counts).</summary>
    public static async Task SetStatusAsync(NpgsqlConnection connection, long id, ImportStatus status, CancellationToken cancellationToken,
        StagedFile? staged = null, IReadOnlyList<string>? unknownFields = null, int? total = null, int? done = null)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE imports SET status = $2,
                encoding = coalesce($3::jsonb, encoding), crs = coalesce($4::jsonb, crs), unknown_fields = coalesce($5::jsonb, unknown_fields),
                counts = counts || jsonb_strip_nulls(jsonb_build_object('total', $6::int, 'done', $7::int))
            WHERE id = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = status.Code(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = staged is null ? DBNull.Value : JsonSerializer.Serialize(staged.Encoding, ImportReport.Json), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = staged is null ? DBNull.Value : staged.Crs.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = unknownFields is null ? DBNull.Value : JsonSerializer.Serialize(unknownFields, ImportReport.Json), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)total ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)done ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// How far the import's current step is: <c>counts.done</c>, only while it is still in <paramref name="status"/> (a late
    /// report never overwrites a later step or the end).
    /// </summary>
    public static async Task SetDoneAsync(NpgsqlConnection connection, long id, ImportStatus status, int done, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE imports SET counts = jsonb_set(counts, '{done}', to_jsonb($3::int)) WHERE id = $1 AND status = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = status.Code(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = done, NpgsqlDbType = NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The end of an import: its status, counts and report (inside the write's transaction when it wrote), or its failure
    /// with the problem of a refusal.
    /// </summary>
    public static async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, ImportStatus status,
        IReadOnlyList<ReportFeature>? features, string? failure, CancellationToken cancellationToken, ImportRefusedException? refusal = null)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE imports SET status = $2, finished_at = now(), failure = $5, problem = $6::jsonb,
                counts = coalesce($3::jsonb, counts), features = coalesce($4::jsonb, features)
            WHERE id = $1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = status.Code(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = features is null ? DBNull.Value : JsonSerializer.Serialize(ImportCounts.Of(features), ImportReport.Json), NpgsqlDbType = NpgsqlDbType.Text,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = features is null ? DBNull.Value : JsonSerializer.Serialize(features, ImportReport.Json), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)failure ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = refusal is null ? DBNull.Value : refusal.ToJson().ToJsonString(), NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// At start-up: an import still in progress from before this process started was cut off (a stop, a crash); it
    /// becomes failed, and its staging tables go. The service runs as one instance per database.
    /// </summary>
    public static async Task<int> RecoverAsync(NpgsqlDataSource database, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH cut AS (
                UPDATE imports SET status = 'failed', finished_at = now(),
                    failure = 'the service stopped while the import was ' || status || '; nothing of it was written'
                WHERE status = ANY($1) AND created_at < $2 RETURNING id)
            SELECT count(*) FROM cut
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ImportStatuses.Running, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = startedAt });
        var cut = (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await using var drop = database.CreateCommand($$"""
            DO $$
            DECLARE t text;
            BEGIN
                FOR t IN SELECT s.tablename FROM pg_tables s
                         WHERE s.schemaname = '{{Staging.Schema}}'
                           AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.status IN ('queued', 'reading', 'checking', 'writing')
                                           AND s.tablename ~ ('^[ic]_' || i.id || '(_outlines)?$'))
                LOOP
                    EXECUTE format('DROP TABLE IF EXISTS %I.%I', '{{Staging.Schema}}', t);
                END LOOP;
            END $$
            """);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        return cut;
    }
}
