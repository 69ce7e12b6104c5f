using Npgsql;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Data.Changes;

/// <summary>
/// Listens on <see cref="LayerChange.Channel"/> on a connection of its own (<c>spatial/changes</c>, outside the
/// pools) and hands every change to the <see cref="ResponseCache"/>. After each (re)connection it reads every
/// layer's version and restarts the cache from them: what happened while it was away is unknown, so nothing
/// kept from before is served on the strength of the listener (an entry may still match its exact versions).
/// </summary>
public sealed partial class LayerChangeListener(SpatialDatabase database, ResponseCache cache, ILogger<LayerChangeListener> logger) : BackgroundService
{
    /// <summary>How long the connection may sit silent before a ping checks that it is still alive.</summary>
    private static readonly TimeSpan PingAfter = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => failures = 0, stoppingToken);
            }
            // Whatever went wrong, the host must not stop for it (a BackgroundService that throws stops the service).
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogLost(e.Message);
            }
            await Task.Delay(RetryDelays[Math.Min(failures++, RetryDelays.Length - 1)], stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, CommandTimeout = 10 };
        settings.ApplicationName = $"{settings.ApplicationName ?? "spatial"}/changes";
        if (settings.Timeout == 15) settings.Timeout = 5;
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(stoppingToken);

        // Changes that arrive while the versions are read are applied after the restart, which would drop them.
        List<LayerChange>? meanwhile = [];
        connection.Notification += (_, e) =>
        {
            if (LayerChange.Parse(e.Payload) is not { } change) LogUnreadable(e.Payload);
            else if (meanwhile is not null) meanwhile.Add(change);
            else cache.Apply(change);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {LayerChange.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        var versions = await LayerVersions.ReadAllAsync(connection, stoppingToken);
        cache.Restart(versions);
        foreach (var change in meanwhile) cache.Apply(change);
        meanwhile = null;
        connected();
        LogListening(versions.Count);

        while (!stoppingToken.IsCancellationRequested)
        {
            if (await connection.WaitAsync(PingAfter, stoppingToken)) continue;
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for layer changes ({Layers} layers' versions read; the response cache starts afresh)")]
    private partial void LogListening(int layers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Layer changes: connection lost ({Reason}); cached answers are served only at their exact versions until it is back")]
    private partial void LogLost(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Layer changes: unreadable notification ignored: {Payload}")]
    private partial void LogUnreadable(string payload);
}
