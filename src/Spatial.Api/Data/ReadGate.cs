using System.Diagnostics;
using System.Globalization;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Data;

/// <summary>What a reads statement is, for the <see cref="ReadGate"/>: one row by its key, or a page of rows.</summary>
public enum ReadStatement
{
    /// <summary>One feature by its id: a primary-key lookup of well under a millisecond.</summary>
    Lookup,

    /// <summary>A page of features (bbox, filter; GeoJSON or HTML) or a vector tile's layers not in the cache: a statement of tens of milliseconds. CSV pages are the exports' work, not gated.</summary>
    Page,
}

/// <summary>
/// At most <see cref="ReadLimits.StatementsAtOnce"/> lookups and <see cref="ReadLimits.PageStatementsAtOnce"/> pages in
/// PostgreSQL at once, each kind in a lane of its own; the others wait here, first come first served within their lane.
/// Sixteen statements running at once on two cores wait for a CPU in the kernel's run queue, preempted mid-statement, and
/// that wait was the p99 of one item by id (bench/results/p99-tail.md). Waiting here costs no CPU and leaves the running
/// statements the cores. The lanes are apart because a lookup queued behind pages would wait tens of milliseconds for a
/// statement of a tenth of one: under mixed load the lookups got 1.0–2.4× the requests through (bench/results/read-path-2.md). A slot is held while a statement runs and its rows are read, never while
/// bytes go to a client: <see cref="Slot.Release"/> once the rows are in or before the first bytes are sent (a page
/// longer than one flush reads its other rows outside the gate), disposal on every other path. A request waiting here
/// holds no connection (<see cref="Features.Collections.ItemsQuery"/> gives back the one it read the version on), and
/// both lanes together are at most the reads pool (<see cref="DatabaseWorkOptions.From"/>), so a statement let through
/// finds a connection.
/// </summary>
public sealed class ReadGate(DatabaseWorkOptions options) : IDisposable
{
    private readonly Lane _lookups = new(options.Reads.StatementsAtOnce, options.Reads.Deadline, "lookups by id", "Spatial:Work:Reads:Concurrency");
    private readonly Lane _pages = new(options.Reads.PageStatementsAtOnce, options.Reads.Deadline, "pages", $"Spatial:Work:Reads:{options.Reads.PageSetting}");

    /// <summary>Lookups allowed at once.</summary>
    public int Limit => _lookups.Limit;

    /// <summary>Pages allowed at once.</summary>
    public int PageLimit => _pages.Limit;

    /// <summary>Each lane's limit, places taken, waiters now, and since start its waits, their time and the waits that ran out.</summary>
    public (ReadLaneStatistics Lookups, ReadLaneStatistics Pages) Statistics => (_lookups.Statistics, _pages.Statistics);

    /// <summary>
    /// A slot for this request's statement of that kind when its work is a read (other work has pools and deadlines of its
    /// own, and is let through). Waits at most the reads' deadline — a statement queued that long would only start to be
    /// stopped — and no longer than the request lives (its token fires when the client leaves or at the request's deadline).
    /// </summary>
    public ValueTask<Slot> EnterAsync(HttpContext http, ReadStatement kind) =>
        RequestDeadlines.TryWorkOf(http) == DatabaseWork.Reads ? EnterAsync(kind, http.RequestAborted) : ValueTask.FromResult(Slot.None);

    public ValueTask<Slot> EnterAsync(ReadStatement kind, CancellationToken cancellationToken) =>
        (kind == ReadStatement.Page ? _pages : _lookups).EnterAsync(cancellationToken);

    public void Dispose()
    {
        _lookups.Dispose();
        _pages.Dispose();
    }

    /// <summary>The places of one kind of statement and what they did.</summary>
    internal sealed class Lane(int limit, TimeSpan deadline, string what, string setting) : IDisposable
    {
        private readonly SemaphoreSlim _free = new(limit, limit);
        private long _waiting;
        private long _running;
        private long _waited;
        private long _waitTicks;
        private long _timedOut;

        public int Limit => limit;
        public long Running => Interlocked.Read(ref _running);
        public long Waiting => Interlocked.Read(ref _waiting);
        public long Waited => Interlocked.Read(ref _waited);
        public TimeSpan WaitTime => TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks));
        public long TimedOut => Interlocked.Read(ref _timedOut);

        public ReadLaneStatistics Statistics => new(Limit, Running, Waiting, Waited, WaitTime, TimedOut);

        public async ValueTask<Slot> EnterAsync(CancellationToken cancellationToken)
        {
            if (!_free.Wait(0, CancellationToken.None)) await WaitAsync(cancellationToken);
            Interlocked.Increment(ref _running);
            return new Slot(this);
        }

        private async Task WaitAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _waiting);
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (await _free.WaitAsync(deadline, cancellationToken)) return;
                Interlocked.Increment(ref _timedOut);
                throw new ReadGateTimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"The request waited {deadline.TotalSeconds:0.#} s, the reads' deadline, for one of the {limit} places for {what} in the database at once ({setting}): it is busy. Try again later."));
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
                Interlocked.Increment(ref _waited);
                Interlocked.Add(ref _waitTicks, Stopwatch.GetElapsedTime(started).Ticks);
            }
        }

        public void Leave()
        {
            Interlocked.Decrement(ref _running);
            _free.Release();
        }

        public void Dispose() => _free.Dispose();
    }

    /// <summary>One statement's place in the gate; given back once, by <see cref="Release"/> or disposal, whichever comes first.</summary>
    public sealed class Slot : IDisposable
    {
        /// <summary>The slot of work the gate does not hold back.</summary>
        public static readonly Slot None = new(null);

        private Lane? _lane;

        internal Slot(Lane? lane) => _lane = lane;

        /// <summary>The statement is done (its rows are read): the next one may start while this response is written.</summary>
        public void Release() => Interlocked.Exchange(ref _lane, null)?.Leave();

        public void Dispose() => Release();
    }
}

/// <summary>What one lane of the gate is doing: its places, those taken and waiters now; since start, statements that waited, their total wait, and waits that ran out.</summary>
public sealed record ReadLaneStatistics(int Limit, long Running, long Waiting, long Waited, TimeSpan WaitTime, long TimedOut);

/// <summary>A read waited its whole deadline for a slot of the <see cref="ReadGate"/>: a 503 with Retry-After, like a statement stopped at its deadline.</summary>
public sealed class ReadGateTimeoutException(string message) : TimeoutException(message);
