using System.Collections.Concurrent;
using Npgsql;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// The imports that run in the background (202 Accepted), owned by the application: stopped with it, each within
/// its deadline. At start-up, once the schema is there, imports a stopped or crashed process left unfinished
/// become failed and their staging tables are dropped.
/// </summary>
public sealed partial class ImportJobs(ImportRunner runner, ILogger<ImportJobs> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private CancellationToken _stopping;

    public void Start(ImportJob job)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(job, _stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or NpgsqlException or InvalidOperationException or IOException)
            {
                // The runner has recorded the failure on the import.
            }
            finally
            {
                _running.TryRemove(job.Id, out _);
            }
        }, CancellationToken.None);
        _running[job.Id] = task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var command = runner.Pool.CreateCommand("SELECT to_regclass('imports') IS NOT NULL"))
                    if (await command.ExecuteScalarAsync(stoppingToken) is true)
                    {
                        var cut = await ImportStore.RecoverAsync(runner.Pool, _startedAt, stoppingToken);
                        if (cut > 0) LogRecovered(cut);
                        break;
                    }
            }
            catch (NpgsqlException)
            {
                // The database is not there yet; readiness says so.
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} import(s) left unfinished by an earlier process are now failed")]
    private partial void LogRecovered(int count);
}
