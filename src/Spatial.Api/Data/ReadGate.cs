using System.Diagnostics;
using System.Globalization;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Data;

/// <summary>
/// At most <see cref="ReadLimits.StatementsAtOnce"/> reads statements in PostgreSQL at once; the others wait here, first
/// come first served. Sixteen statements running at once on two cores wait for a CPU in the kernel's run queue, preempted
/// mid-statement, and that wait was the p99 of one item by id (bench/results/p99-tail.md). Waiting here costs no CPU and
/// leaves the running statements the cores. A slot is held while a statement runs and its rows are read, never while
/// bytes go to a client: <see cref="Slot.Release"/> once the rows are in or before the first bytes are sent (a page
/// longer than one flush reads its other rows outside the gate), disposal on every other path. A request waiting here
/// holds its connection (it read the layer's version on it); the reads pool is larger than the gate for that.
/// </summary>
public sealed class ReadGate(DatabaseWorkOptions options) : IDisposable
{
    private readonly SemaphoreSlim _free = new(options.Reads.StatementsAtOnce, options.Reads.StatementsAtOnce);
    private readonly TimeSpan _deadline = options.Reads.Deadline;
    private long _waiting;
    private long _running;
    private long _waited;
    private long _waitTicks;
    private long _timedOut;

    /// <summary>Statements allowed at once.</summary>
    public int Limit { get; } = options.Reads.StatementsAtOnce;

    public ReadGateStatistics Statistics => new(Limit, Interlocked.Read(ref _running), Interlocked.Read(ref _waiting),
        Interlocked.Read(ref _waited), TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks)), Interlocked.Read(ref _timedOut));

    /// <summary>
    /// A slot for this request's statement when its work is a read (other work has pools and deadlines of its own, and is
    /// let through). Waits at most the reads' deadline — a statement queued that long would only start to be stopped —
    /// and no longer than the request lives (its token fires when the client leaves or at the request's deadline).
    /// </summary>
    public ValueTask<Slot> EnterAsync(HttpContext http) =>
        RequestDeadlines.TryWorkOf(http) == DatabaseWork.Reads ? EnterAsync(http.RequestAborted) : ValueTask.FromResult(Slot.None);

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
            if (await _free.WaitAsync(_deadline, cancellationToken)) return;
            Interlocked.Increment(ref _timedOut);
            throw new ReadGateTimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"The request waited {_deadline.TotalSeconds:0.#} s, the reads' deadline, for one of the {Limit} statements this service runs in the database at once (Spatial:Work:Reads:Concurrency): it is busy. Try again later."));
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
            Interlocked.Increment(ref _waited);
            Interlocked.Add(ref _waitTicks, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }

    private void Leave()
    {
        Interlocked.Decrement(ref _running);
        _free.Release();
    }

    public void Dispose() => _free.Dispose();

    /// <summary>One statement's place in the gate; given back once, by <see cref="Release"/> or disposal, whichever comes first.</summary>
    public sealed class Slot : IDisposable
    {
        /// <summary>The slot of work the gate does not hold back.</summary>
        public static readonly Slot None = new(null);

        private ReadGate? _gate;

        internal Slot(ReadGate? gate) => _gate = gate;

        /// <summary>The statement is done (its rows are read): the next one may start while this response is written.</summary>
        public void Release() => Interlocked.Exchange(ref _gate, null)?.Leave();

        public void Dispose() => Release();
    }
}

/// <summary>What the gate is doing: slots in use and waiters now; since start, statements that waited, their total wait, and waits that ran out.</summary>
public sealed record ReadGateStatistics(int Limit, long Running, long Waiting, long Waited, TimeSpan WaitTime, long TimedOut);

/// <summary>A read waited its whole deadline for a slot of the <see cref="ReadGate"/>: a 503 with Retry-After, like a statement stopped at its deadline.</summary>
public sealed class ReadGateTimeoutException(string message) : TimeoutException(message);
