using Npgsql;
using Prometheus;
using PrometheusMetrics = Prometheus.Metrics;
using Spatial.Api.Data;
using Spatial.Api.Features.Imports;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Features.Metrics;

/// <summary>
/// This process's Prometheus registry: HTTP requests by route template (prometheus-net), Npgsql's pools and
/// commands (its "Npgsql" meter), the response cache, the reads' statement gate, the import queue and the process itself.
/// </summary>
public sealed class SpatialMetrics : IDisposable
{
    private static readonly Lazy<bool> DefaultsSuppressed = new(() =>
    {
        // The static default registry would listen to every meter and event counter for nobody.
        PrometheusMetrics.SuppressDefaultMetrics();
        return true;
    });

    private readonly IDisposable _npgsql;

    public SpatialMetrics(ResponseCache cache, SpatialDatabase database, ReadGate gate)
    {
        _ = DefaultsSuppressed.Value;
        Registry = PrometheusMetrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        _npgsql = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            // Without its own factory the adapter creates its metrics in the static default registry, whatever Registry says.
            MetricFactory = PrometheusMetrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == "Npgsql",
        });
        AddCache(cache);
        AddReadGate(gate);
        AddImports(database);
    }

    public CollectorRegistry Registry { get; }

    private void AddCache(ResponseCache cache)
    {
        var factory = PrometheusMetrics.WithCustomRegistry(Registry);
        var hits = factory.CreateCounter("spatial_response_cache_hits_total", "Responses served from this process's cache.");
        var misses = factory.CreateCounter("spatial_response_cache_misses_total", "Cacheable responses made afresh.");
        var stored = factory.CreateCounter("spatial_response_cache_stored_total", "Responses put into the cache.");
        var invalidated = factory.CreateCounter("spatial_response_cache_invalidated_total", "Cached responses dropped by a change.");
        var entries = factory.CreateGauge("spatial_response_cache_entries", "Responses held in the cache now.");
        var bytes = factory.CreateGauge("spatial_response_cache_bytes", "Bytes held in the cache now (Spatial:Cache:MaxBytes at most).");
        Registry.AddBeforeCollectCallback(() =>
        {
            var now = cache.Statistics;
            hits.IncTo(now.Hits);
            misses.IncTo(now.Misses);
            stored.IncTo(now.Stored);
            invalidated.IncTo(now.Invalidated);
            entries.Set(now.Entries);
            bytes.Set(now.Bytes);
        });
    }

    private void AddReadGate(ReadGate gate)
    {
        var factory = PrometheusMetrics.WithCustomRegistry(Registry);
        const string lane = "lane";
        var limit = factory.CreateGauge("spatial_read_statements_limit",
            "Reads statements allowed in the database at once, per lane: lookup (Spatial:Work:Reads:Concurrency), page (…:PageConcurrency, else …:Concurrency).", lane);
        var running = factory.CreateGauge("spatial_read_statements_running", "Reads statements holding a place in the gate now, per lane.", lane);
        var waiting = factory.CreateGauge("spatial_read_statements_waiting", "Reads statements waiting for a place now, per lane.", lane);
        var waited = factory.CreateCounter("spatial_read_statement_waits_total", "Reads statements that had to wait for a place, per lane.", lane);
        var waitSeconds = factory.CreateCounter("spatial_read_statement_wait_seconds_total", "Time reads statements spent waiting for a place, per lane.", lane);
        var timedOut = factory.CreateCounter("spatial_read_statement_wait_timeouts_total", "Reads that waited their whole deadline for a place (a 503), per lane.", lane);
        Registry.AddBeforeCollectCallback(() =>
        {
            var (lookups, pages) = gate.Statistics;
            foreach (var (name, now) in new[] { ("lookup", lookups), ("page", pages) })
            {
                limit.WithLabels(name).Set(now.Limit);
                running.WithLabels(name).Set(now.Running);
                waiting.WithLabels(name).Set(now.Waiting);
                waited.WithLabels(name).IncTo(now.Waited);
                waitSeconds.WithLabels(name).IncTo(now.WaitTime.TotalSeconds);
                timedOut.WithLabels(name).IncTo(now.TimedOut);
            }
        });
    }

    private void AddImports(SpatialDatabase database)
    {
        var imports = PrometheusMetrics.WithCustomRegistry(Registry).CreateGauge("spatial_imports",
            "Imports by status (the whole service's queue, from the database): queued; reading, checking, writing; succeeded, rejected, failed, reverted.",
            "status");
        string[] published = [];
        Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            try
            {
                var counts = await ImportQueueCounts.ReadAsync(database.For(DatabaseWork.Reads), cancellationToken);
                foreach (var (status, count) in counts) imports.WithLabels(status).Set(count);
                published = counts.Select(c => c.Status).ToArray();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The rest of the scrape is still true (and Npgsql's own metrics show the outage); old counts would not be.
                foreach (var status in published) imports.RemoveLabelled(status);
                published = [];
            }
        });
    }

    public void Dispose() => _npgsql.Dispose();
}
