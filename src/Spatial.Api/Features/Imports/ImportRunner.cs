using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Imports;

/// <summary>One file to import into one layer, for one editor, with its options. <see cref="Id"/> is set once the import row exists.</summary>
public sealed record ImportJob(EditableLayer Layer, Editor Editor, ImportFormat Format, SpooledFile File, ImportParameters Parameters)
{
    public long Id { get; set; }
}

/// <summary>How an import ended: its status, and the refusal when the file could not be imported at all.</summary>
public sealed record ImportOutcome(ImportStatus Status, ImportRefusedException? Refusal);

/// <summary>
/// Runs imports: at most <see cref="ImportSettings.MaxConcurrent"/> at once (the others wait, <c>queued</c>), each within
/// the Imports deadline. Stage → candidates → judgement → (not a dry run, nothing rejected) one write transaction
/// in which the history triggers record every version with operation <c>import</c> and the import's id. Checking
/// and writing go in batches of <see cref="ImportSettings.BatchFeatures"/>, each moving <c>counts.done</c> on. The
/// staging tables and the spooled file go on every path.
/// </summary>
public sealed partial class ImportRunner(SpatialDatabase database, ImportSettings settings, DatabaseWorkOptions work, ILogger<ImportRunner> logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(settings.MaxConcurrent, settings.MaxConcurrent);

    public NpgsqlDataSource Pool => database.For(DatabaseWork.Imports);

    public async Task<ImportOutcome> RunAsync(ImportJob job, CancellationToken cancellationToken)
    {
        using var file = job.File;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(work.Imports.Deadline);
        var token = deadline.Token;
        var slot = false;
        try
        {
            await _slots.WaitAsync(token);
            slot = true;
            return await StepsAsync(job, token);
        }
        catch (ImportRefusedException refusal)
        {
            await FailAsync(job.Id, refusal.Message, refusal);
            return new ImportOutcome(ImportStatus.Failed, refusal);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var refusal = new ImportRefusedException(StatusCodes.Status503ServiceUnavailable, "Deadline exceeded",
                $"the import ran past its deadline of {work.Imports.Deadline.TotalMinutes:0.#} min (Spatial:Work:Imports:Deadline) and was stopped; nothing was written");
            await FailAsync(job.Id, refusal.Message, refusal);
            return new ImportOutcome(ImportStatus.Failed, refusal);
        }
        catch (OperationCanceledException)
        {
            await FailAsync(job.Id, "the import was cancelled (the client left or the service stopped); nothing was written");
            throw;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            LogFailed(e, job.Id);
            await FailAsync(job.Id, $"the import failed ({e.GetType().Name}); nothing was written — see the service log for import {job.Id}");
            throw;
        }
        finally
        {
            if (slot) _slots.Release();
            await DropStagingAsync(job.Id);
        }
    }

    private async Task<ImportOutcome> StepsAsync(ImportJob job, CancellationToken token)
    {
        await using var connection = await Pool.OpenConnectionAsync(token);
        await ImportStore.SetStatusAsync(connection, job.Id, ImportStatus.Reading, token);
        var staging = new Staging(new NpgsqlConnectionStringBuilder(database.ConnectionString), settings);
        var staged = await staging.StageAsync(job.Id, job.File, job.Format, job.Parameters, job.Layer, connection, token);
        var mapping = await ImportMapping.ResolveAsync(connection, staged.Table, job.Layer, job.Parameters.Mapping, token);
        if (job.Parameters.Match == MatchBy.SourceRef && !mapping.Mapped("source_ref"))
            throw ImportRefusedException.Needs("match", "match=source_ref needs a source_ref field in the file (or one mapped to it)");
        var sql = new ImportSql(job.Layer, mapping, job.Parameters.Match, job.Id);
        var (first, total) = await FirstStagedAsync(connection, sql, token);
        await ImportStore.SetStatusAsync(connection, job.Id, ImportStatus.Checking, token, staged, mapping.UnknownFields, total, done: 0);
        await CheckAsync(connection, job.Id, sql, first, token);
        var features = await ImportReport.JudgeAsync(connection, job.Layer, sql, job.Parameters.Match, token);
        if (features.Count == 0) throw ImportRefusedException.Unreadable("file: it holds no features");
        if (features.Any(f => f.Action == ImportAction.Rejected))
        {
            await ImportStore.FinishAsync(connection, null, job.Id, ImportStatus.Rejected, features, null, token);
            return new ImportOutcome(ImportStatus.Rejected, null);
        }
        if (job.Parameters.DryRun)
        {
            await ImportStore.FinishAsync(connection, null, job.Id, ImportStatus.Succeeded, features, null, token);
            return new ImportOutcome(ImportStatus.Succeeded, null);
        }
        await ImportStore.SetStatusAsync(connection, job.Id, ImportStatus.Writing, token, done: 0);
        await using var transaction = await connection.BeginTransactionAsync(token);
        await new ChangeContext(job.Editor, Operation.Import, null, ImportId: job.Id).ApplyAsync(connection, transaction, token);
        var progress = Task.CompletedTask;
        for (var from = 0; from < features.Count; from += settings.BatchFeatures)
        {
            var to = Math.Min(features.Count, from + settings.BatchFeatures);
            await ExecuteBatch(connection, transaction, sql.Update(), from, to, token);
            await ExecuteBatch(connection, transaction, sql.Insert(), from, to, token);
            // The transaction's rows are invisible outside it, so the progress goes through a connection of its own; not
            // awaited here (a report still on its way is skipped), so the transaction is not held longer for it.
            if (progress.IsCompleted)
            {
                await progress;
                progress = ReportDoneAsync(job.Id, ImportStatus.Writing, to, token);
            }
        }
        await progress;
        await ImportStore.FinishAsync(connection, transaction, job.Id, ImportStatus.Succeeded, features, null, token);
        await transaction.CommitAsync(token);
        return new ImportOutcome(ImportStatus.Succeeded, null);
    }

    /// <summary>The first staged ogc_fid (null when nothing was staged) and how many features were staged.</summary>
    private static async Task<(int? First, int Total)> FirstStagedAsync(NpgsqlConnection connection, ImportSql sql, CancellationToken token)
    {
        await using var command = new NpgsqlCommand(sql.FirstStaged(), connection);
        await using var reader = await command.ExecuteReaderAsync(token);
        await reader.ReadAsync(token);
        return (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>The candidates, batch by batch of staged features, with <c>counts.done</c> after each batch.</summary>
    private async Task CheckAsync(NpgsqlConnection connection, long id, ImportSql sql, int? first, CancellationToken token)
    {
        await Execute(connection, null, sql.CreateCandidates(), token);
        var done = 0;
        for (var from = first; from is not null;)
        {
            int? next;
            await using (var bound = new NpgsqlCommand(sql.NextBatch(), connection) { Parameters = { new() { Value = from.Value }, new() { Value = settings.BatchFeatures } } })
                next = await bound.ExecuteScalarAsync(token) is int n ? n : null;
            await using var fill = new NpgsqlCommand(sql.FillCandidates(), connection)
            {
                Parameters = { new() { Value = from.Value }, new() { Value = (object?)next ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer }, new() { Value = done } },
            };
            done += await fill.ExecuteNonQueryAsync(token);
            await ImportStore.SetDoneAsync(connection, id, ImportStatus.Checking, done, token);
            from = next;
        }
        await Execute(connection, null, sql.CountSameKeys(), token);
    }

    private async Task ReportDoneAsync(long id, ImportStatus status, int done, CancellationToken token)
    {
        try
        {
            await using var connection = await Pool.OpenConnectionAsync(token);
            await ImportStore.SetDoneAsync(connection, id, status, done, token);
        }
        catch (NpgsqlException e)
        {
            // Progress is for the person watching; the import goes on without it.
            LogProgressLost(e, id);
        }
    }

    private static async Task ExecuteBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int from, int to, CancellationToken token)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { Parameters = { new() { Value = from }, new() { Value = to } } };
        await command.ExecuteNonQueryAsync(token);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken token)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(token);
    }

    private async Task FailAsync(long id, string failure, ImportRefusedException? refusal = null)
    {
        try
        {
            await using var connection = await Pool.OpenConnectionAsync(CancellationToken.None);
            await ImportStore.FinishAsync(connection, null, id, ImportStatus.Failed, null, failure, CancellationToken.None, refusal);
        }
        catch (NpgsqlException e)
        {
            LogFailed(e, id);
        }
    }

    private async Task DropStagingAsync(long id)
    {
        try
        {
            await using var connection = await Pool.OpenConnectionAsync(CancellationToken.None);
            await Staging.DropAsync(connection, id, CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            // Start-up drops what is left.
            LogFailed(e, id);
        }
    }

    public void Dispose() => _slots.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {Id} failed")]
    private partial void LogFailed(Exception e, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {Id}: its progress could not be recorded")]
    private partial void LogProgressLost(Exception e, long id);
}
