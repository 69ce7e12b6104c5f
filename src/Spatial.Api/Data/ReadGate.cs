using System.Diagnostics;
using System.Globalization;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Data;

/// <summary>What a reads statement is, for the <see cref="ReadGate"/>: one row by its key, or a page of rows.</summary>
public enum ReadStatement
{
    /// <summary>One feature by its id: a primary-key lookup of well under a millisecond.</summary>
    Lookup,

    /// <summary>A page of features (bbox, filter, CSV, HTML): a statement of tens of milliseconds.</summary>
    Page,
}

/// <summary>
/// At most <see cref="ReadLimits.StatementsAtOnce"/> lookups and <see cref="ReadLimits.PageStatementsAtOnce"/> pages in
/// PostgreSQL at once, each kind in a lane of its own; the others wait here, first come first served within their lane.
/// Sixteen statements running at once on two cores wait for a CPU in the kernel's run queue, preempted mid-statement, and
/// that wait was the p99 of one item by id (bench/results/p99-tail.md). Waiting here costs no CPU and leaves the running
/// statements the cores. The lanes are apart because a lookup queued behind pages would wait tens of milliseconds for a
/// statement of a tenth of one, and because pages, which wait on I/O and their client too, lose p99 at the lookups' limit
/// (bench/results/read-gate.md, read-path-2.md). A slot is held while a statement runs and its rows are read, never while
/// bytes go to a client: <see cref="Slot.Release"/> once the rows are in or before the first bytes are sent (a page
/// longer than one flush reads its other rows outside the gate), disposal on every other path. A request waiting here
/// holds its connection (it read the layer's version on it); the reads pool is larger than both lanes for that.
/// </summary>
public sealed class ReadGate(DatabaseWorkOptions options) : IDisposable
{
    private readonly Lane _lookups = new(options.Reads.StatementsAtOnce, options.Reads.Deadline, "Spatial:Work:Reads:Concurrency");
    private readonly Lane _pages = new(options.Reads.PageStatementsAtOnce, options.Reads.Deadline,
        options.Reads.PageConcurrency is null && options.Reads.Concurrency is not null ? "Spatial:Work:Reads:Concurrency" : "Spatial:Work:Reads:PageConcurrency");

    /// <summary>Lookups allowed at once.</summary>
    public int Limit => _lookups.Limit;

    /// <summary>Pages allowed at once.</summary>
    public int PageLimit => _pages.Limit;

    /// <summary>Both lanes together, but for the limits and the pages' running count, which are each lane's own.</summary>
    public ReadGateStatistics Statistics => new(Limit, _lookups.Running + _pages.Running, _lookups.Waiting + _pages.Waiting,
        _lookups.Waited + _pages.Waited, _lookups.WaitTime + _pages.WaitTime, _lookups.TimedOut + _pages.TimedOut, PageLimit, _pages.Running);

    /// <summary>
    /// A slot for this request's statement of that kind when its work is a read (other work has pools and deadlines of its
    /// own, and is let through). Waits at most the reads' deadline — a statement queued that long would only start to be
    /// stopped — and no longer than the request lives (its token fires when the client leaves or at the request's deadline).
    /// </summary>
    public ValueTask<Slot> EnterAsync(HttpContext http, ReadStatement kind) =>
        RequestDeadlines.TryWorkOf(http) == DatabaseWork.Reads ? EnterAsync(http.RequestAborted, kind) : ValueTask.FromResult(Slot.None);

    public ValueTask<Slot> EnterAsync(CancellationToken cancellationToken, ReadStatement kind = ReadStatement.Lookup) =>
        (kind == ReadStatement.Page ? _pages : _lookups).EnterAsync(cancellationToken);

    public void Dispose()
    {
        _lookups.Dispose();
        _pages.Dispose();
    }

    /// <summary>The places of one kind of statement and what they did.</summary>
    internal sealed class Lane(int limit, TimeSpan deadline, string setting) : IDisposable
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
                    $"The request waited {deadline.TotalSeconds:0.#} s, the reads' deadline, for one of the {limit} statements this service runs in the database at once ({setting}): it is busy. Try again later."));
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

/// <summary>
/// What the gate is doing: slots in use and waiters now; since start, statements that waited, their total wait, and waits
/// that ran out — both lanes together; the lookups' limit, and the pages' limit and slots in use.
/// </summary>
public sealed record ReadGateStatistics(int Limit, long Running, long Waiting, long Waited, TimeSpan WaitTime, long TimedOut, int PageLimit, long PagesRunning);

/// <summary>A read waited its whole deadline for a slot of the <see cref="ReadGate"/>: a 503 with Retry-After, like a statement stopped at its deadline.</summary>
public sealed class ReadGateTimeoutException(string message) : TimeoutException(message);
