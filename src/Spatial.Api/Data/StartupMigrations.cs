using Npgsql;

namespace Spatial.Api.Data;

/// <summary>What the last start-up migration attempt found; readiness reports it.</summary>
public sealed class MigrationStatus
{
    public string? LastError { get; set; }
}

/// <summary>
/// Applies pending schema scripts when the service starts. The API starts even when the database is
/// down (readiness then says so); this keeps retrying until the database answers.
/// </summary>
public sealed partial class StartupMigrations(
    SpatialDatabase database, Migrator migrator, MigrationStatus status, ILogger<StartupMigrations> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await migrator.ApplyAsync(database.Admin, stoppingToken);
                status.LastError = null;
                LogApplied(applied.Count, migrator.Scripts.Count);
                return;
            }
            catch (SchemaMigrationException e)
            {
                // A changed or failing script needs a person; retrying cannot fix it.
                status.LastError = e.Message;
                LogRefused(e.Message);
                return;
            }
            catch (NpgsqlException e) when (!stoppingToken.IsCancellationRequested)
            {
                status.LastError = $"database unreachable: {e.Message}";
                LogUnreachable(e.Message, RetryDelay.TotalSeconds);
            }
            await Task.Delay(RetryDelay, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema: {Applied} script(s) applied now, {Known} known")]
    private partial void LogApplied(int applied, int known);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schema migration refused: {Reason}")]
    private partial void LogRefused(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unreachable at start-up ({Reason}); retrying in {Seconds} s")]
    private partial void LogUnreachable(string reason, double seconds);
}
