using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Spatial.Geo;

// The load of scripts/robustness: a fixed number of clients sharing a capped request rate, to a loopback
// API only, bounded in time and in count, every request with a client timeout. The script drives the phases
// on stdin, one line each:
//   phase NAME KIND    KIND: steady (only 2xx allowed) | fault (a fault is being injected) | recovering
//                      (the fault was undone, waiting for the service to be ready again)
//   stop               (or end of input) stop issuing, wait for the requests in flight, print the report
// A request belongs to the phase in which it was sent and answered; one still in flight when a fault or a
// recovery began belongs to the first such phase it overlapped (it met the fault). Exit 0: every load-side check passed, 1: one failed,
// 2: usage.
if (Options.Parse(args) is not { } options)
{
    await Console.Error.WriteLineAsync(Options.Usage);
    return 2;
}
using var run = new LoadRun(options);
return await run.RunAsync(Console.In, Console.Out);

internal sealed record Options(Uri Url, int Clients, double Rate, TimeSpan Timeout, TimeSpan MaxDuration, int MaxRequests)
{
    public const string Usage = """
        usage: Spatial.Robustness --url http://127.0.0.1:PORT [--clients 16] [--rate 100] [--timeout 10]
                                  [--max-seconds 600] [--max-requests 200000]   (phases on stdin)
        """;

    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0 || !values.TryGetValue("url", out var url)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp) return null;
        // Loopback only: this tool must never load anybody else's server.
        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address))
        {
            Console.Error.WriteLine($"refused: {uri.Host} is not a loopback address (use 127.0.0.1)");
            return null;
        }
        double Number(string name, double fallback, double min, double max) =>
            values.TryGetValue(name, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? Math.Clamp(d, min, max) : fallback;
        return new Options(uri, (int)Number("clients", 16, 1, 64), Number("rate", 100, 1, 2000),
            TimeSpan.FromSeconds(Number("timeout", 10, 1, 60)), TimeSpan.FromSeconds(Number("max-seconds", 600, 10, 3600)),
            (int)Number("max-requests", 200_000, 1, 1_000_000));
    }
}

/// <summary>One kind of request of the mix.</summary>
internal sealed record Endpoint(string Name, HttpMethod Method, string Target, string? Body = null, string? MediaType = null)
{
    public HttpRequestMessage Create() => new(Method, new Uri(Target, UriKind.Relative))
    {
        Content = Body is null ? null : new StringContent(Body, Encoding.UTF8, MediaType!),
    };

    /// <summary>What planners, land officers and agencies ask all day; weights by repetition.</summary>
    public static Endpoint[] Mix()
    {
        // A 64-vertex circle of radius 200 m near 131.0E 45.32N (鸡冠区), drawn in its Gauss–Krüger plane.
        var zone = GaussKrugerZone.ForLongitude(131.0);
        var (cx, cy) = GaussKruger.Project(131.0, 45.32, zone);
        var ring = Enumerable.Range(0, 64)
            .Select(i => GaussKruger.Unproject(cx + 200 * Math.Cos(2 * Math.PI * i / 64), cy + 200 * Math.Sin(2 * Math.PI * i / 64), zone))
            .ToList();
        ring.Add(ring[0]);
        var polygon = "{\"type\":\"Polygon\",\"coordinates\":[[" +
                      string.Join(",", ring.Select(p => FormattableString.Invariant($"[{p.Longitude:R},{p.Latitude:R}]"))) + "]]}";
        var items = new Endpoint("items", HttpMethod.Get, "/collections/projects/items?limit=100");
        var filtered = new Endpoint("items-bbox-filter", HttpMethod.Get,
            "/collections/projects/items?bbox=130.0,44.5,132.0,46.0&filter=" + Uri.EscapeDataString("sector = 'bio_energy'") + "&limit=50");
        var summary = new Endpoint("county-summary", HttpMethod.Get, "/counties/230382/summary");
        var statistics = new Endpoint("zone-statistics", HttpMethod.Get, "/statistics/zones?group-by=county,category");
        var footprint = new Endpoint("footprint-check", HttpMethod.Post, "/footprint-checks", polygon, "application/geo+json");
        var ready = new Endpoint("health-ready", HttpMethod.Get, "/health/ready");
        return [items, filtered, summary, footprint, statistics, items, filtered, footprint, summary, ready, statistics, items, filtered];
    }
}

internal sealed class Phase(string name, string kind, long start)
{
    public string Name { get; } = name;
    public string Kind { get; } = kind;
    public long Start { get; } = start;
    public long End { get; set; } = long.MaxValue;
}

/// <summary>One request's outcome. Status: the HTTP status, or <see cref="ConnectionError"/> / <see cref="Timeout"/>.</summary>
internal readonly record struct Sample(int Phase, int Endpoint, long Start, long End, int Status, bool RetryAfter, string? Detail)
{
    public const int ConnectionError = -1;
    public const int Timeout = -2;
    public bool Ok => Status is >= 200 and < 300 or 304;
    public bool OutageAnswer => Ok || Status is 503 or 429 or ConnectionError or Timeout;
}

internal sealed class LoadRun(Options options) : IDisposable
{
    private readonly Endpoint[] _mix = Endpoint.Mix();
    private readonly List<Phase> _phases = [];
    private readonly List<Sample> _samples = [];
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stopIssuing = new();
    private volatile int _phase = -1;
    private long _nextSlot;
    private long _sequence;
    private int _issued;
    private int _recorded;
    private string? _boundReached;

    private long Now => _clock.ElapsedTicks;

    public void Dispose() => _stopIssuing.Dispose();
    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    public async Task<int> RunAsync(TextReader control, TextWriter output)
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false, // loopback, never through a proxy from the environment
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = options.Clients,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        using var http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = Timeout.InfiniteTimeSpan };
        Task[] clients = [];
        using var bound = new CancellationTokenSource(options.MaxDuration);
        using var hardStop = new CancellationTokenSource(options.MaxDuration + TimeSpan.FromSeconds(60));
        bound.Token.Register(() => { _boundReached ??= $"time bound ({options.MaxDuration.TotalSeconds:0} s)"; _stopIssuing.Cancel(); });
        try
        {
            // After a bound the load stops, but the phases keep being read so the script is never blocked.
            while (await control.ReadLineAsync(hardStop.Token) is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (words is ["stop"]) break;
                if (words is ["phase", var name, var kind and ("steady" or "fault" or "recovering")])
                {
                    StartPhase(name, kind);
                    // The clients start with the first phase.
                    if (clients.Length == 0)
                        clients = [.. Enumerable.Range(0, options.Clients).Select(_ => Task.Run(() => ClientAsync(http)))];
                }
                else await Console.Error.WriteLineAsync($"load: ignored control line '{line}'");
            }
        }
        catch (OperationCanceledException)
        {
            _boundReached ??= "hard time bound without a stop";
        }
        await _stopIssuing.CancelAsync();
        // Every request has a client timeout, so the clients end within it.
        await Task.WhenAny(Task.WhenAll(clients), Task.Delay(options.Timeout + TimeSpan.FromSeconds(5), CancellationToken.None));
        lock (_gate)
            if (_phases.Count > 0) _phases[^1].End = Now;
        return Report(output);
    }

    private void StartPhase(string name, string kind)
    {
        lock (_gate)
        {
            var now = Now;
            if (_phases.Count > 0) _phases[^1].End = now;
            _phases.Add(new Phase(name, kind, now));
            _phase = _phases.Count - 1;
        }
    }

    private async Task ClientAsync(HttpClient http)
    {
        var interval = (long)(Stopwatch.Frequency / options.Rate);
        while (!_stopIssuing.IsCancellationRequested)
        {
            // A shared pacer: the clients together send at most options.Rate requests a second, without bursts
            // to catch up after slow answers (a dead server answers fast; the rate cap keeps that from spinning).
            long slot;
            lock (_gate)
            {
                _nextSlot = Math.Max(_nextSlot + interval, Now);
                slot = _nextSlot;
            }
            var wait = slot - Now;
            try
            {
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(Seconds(wait)), _stopIssuing.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (Interlocked.Increment(ref _issued) > options.MaxRequests)
            {
                Interlocked.Decrement(ref _issued);
                _boundReached ??= $"request bound ({options.MaxRequests})";
                await _stopIssuing.CancelAsync();
                break;
            }
            var endpoint = (int)(Interlocked.Increment(ref _sequence) % _mix.Length);
            var phase = _phase;
            var start = Now;
            var (status, retryAfter, detail) = await SendAsync(http, _mix[endpoint]);
            lock (_gate)
            {
                var answered = _phase;
                var owner = answered;
                for (var p = phase; p < answered; p++)
                    if (_phases[p].Kind != "steady") { owner = p; break; }
                _samples.Add(new Sample(owner, endpoint, start, Now, status, retryAfter, detail));
            }
            Interlocked.Increment(ref _recorded);
        }
    }

    private async Task<(int Status, bool RetryAfter, string? Detail)> SendAsync(HttpClient http, Endpoint endpoint)
    {
        using var timeout = new CancellationTokenSource(options.Timeout);
        try
        {
            using var request = endpoint.Create();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and < 300 or 304;
            return (status, response.Headers.RetryAfter is not null, ok ? null : ProblemTitle(body));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (Sample.Timeout, false, $"no answer within {options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
            return (Sample.ConnectionError, false, socket is null ? e.HttpRequestError.ToString() : $"{e.HttpRequestError} ({socket.SocketErrorCode})");
        }
        catch (IOException e)
        {
            return (Sample.ConnectionError, false, $"IO ({e.GetType().Name})");
        }
    }

    /// <summary>The RFC 9457 title (and the SQLSTATE if the detail names one), to say what failed.</summary>
    private static string ProblemTitle(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? "(no title)" : "(no title)";
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "(empty body)" : "(not problem+json)";
        }
    }

    private static string StatusLabel(int status) => status switch
    {
        Sample.ConnectionError => "connection error",
        Sample.Timeout => "timeout",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    private int Report(TextWriter o)
    {
        List<Sample> samples;
        lock (_gate) samples = [.. _samples];
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"Load: {options.Clients} clients, at most {options.Rate:0} requests/s together, client timeout {options.Timeout.TotalSeconds:0} s, {options.Url} (loopback)"));
        o.WriteLine($"Mix: {string.Join(", ", _mix.GroupBy(e => e.Name).Select(g => $"{g.Key} {g.Count()}/{_mix.Length}"))}");
        if (_boundReached is not null) o.WriteLine($"Load stopped early by its {_boundReached}.");
        o.WriteLine();
        o.WriteLine("| phase | kind | s | requests | 2xx/304 | 4xx | 429 | 500 | 503 | 503 without Retry-After | other 5xx | connection errors | timeouts | 2xx p50 ms | 2xx p99 ms |");
        o.WriteLine("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        for (var p = 0; p < _phases.Count; p++)
        {
            var phase = _phases[p];
            var own = samples.Where(s => s.Phase == p).ToList();
            var ok = own.Where(s => s.Ok).Select(s => Seconds(s.End - s.Start) * 1000).Order().ToList();
            string Codes(Func<int, bool> which) => string.Join(" ", own.Where(s => which(s.Status)).GroupBy(s => s.Status).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}×{g.Count()}")) is { Length: > 0 } text ? text : "0";
            string Q(double q) => ok.Count == 0 ? "–" : ok[(int)Math.Min(ok.Count - 1, Math.Ceiling(q * ok.Count) - 1)].ToString("0", inv);
            o.WriteLine(string.Create(inv,
                $"| {phase.Name} | {phase.Kind} | {Seconds(phase.End - phase.Start):0.0} | {own.Count} | {ok.Count} | " +
                $"{Codes(c => c is >= 400 and < 500 and not 429)} | {own.Count(s => s.Status == 429)} | {own.Count(s => s.Status == 500)} | " +
                $"{own.Count(s => s.Status == 503)} | {own.Count(s => s.Status == 503 && !s.RetryAfter)} | " +
                $"{Codes(c => c is > 500 and < 600 and not 503)} | {own.Count(s => s.Status == Sample.ConnectionError)} | " +
                $"{own.Count(s => s.Status == Sample.Timeout)} | {Q(0.5)} | {Q(0.99)} |"));
        }

        o.WriteLine();
        o.WriteLine("Answers other than 2xx, by phase, status, request and problem title:");
        var any = false;
        for (var p = 0; p < _phases.Count; p++)
        {
            var groups = samples.Where(s => s.Phase == p && !s.Ok)
                .GroupBy(s => (s.Status, _mix[s.Endpoint].Name, s.Detail)).OrderByDescending(g => g.Count()).ToList();
            foreach (var g in groups.Take(12))
            {
                any = true;
                o.WriteLine($"  {_phases[p].Name,-14} {StatusLabel(g.Key.Status),-16} {g.Key.Name,-18} ×{g.Count(),-6} {g.Key.Detail}");
            }
            if (groups.Count > 12) o.WriteLine($"  {_phases[p].Name,-14} … {groups.Count - 12} more kinds");
        }
        if (!any) o.WriteLine("  none");

        o.WriteLine();
        o.WriteLine("As the load saw the recoveries (from the start of each recovering phase, i.e. the restart):");
        for (var p = 0; p < _phases.Count; p++)
        {
            if (_phases[p].Kind != "recovering") continue;
            var from = _phases[p].Start;
            var until = _phases.Skip(p + 1).FirstOrDefault(x => x.Kind == "fault")?.Start ?? long.MaxValue;
            var after = samples.Where(s => s.End >= from && s.End < until).OrderBy(s => s.End).ToList();
            var firstOk = after.FirstOrDefault(s => s.Ok);
            var lastFailure = after.LastOrDefault(s => !s.Ok);
            var first = firstOk.Ok ? $"first 2xx after {Seconds(firstOk.End - from):0.00} s" : "no 2xx at all";
            var last = lastFailure.Status == 0 ? "no failure after the restart"
                : firstOk.Ok && lastFailure.End < after[^1].End
                    ? $"last failure at {Seconds(lastFailure.End - from):0.00} s, only 2xx after it"
                    : $"still failing at the end ({StatusLabel(lastFailure.Status)} at {Seconds(lastFailure.End - from):0.00} s)";
            o.WriteLine($"  {_phases[p].Name}: {first}; {last}");
        }

        o.WriteLine();
        var failed = false;
        void Check(bool pass, string what, string? why = null)
        {
            failed |= !pass;
            o.WriteLine($"{(pass ? "PASS" : "FAIL")}  {what}{(pass || why is null ? "" : $" — {why}")}");
        }
        string Listing(IEnumerable<Sample> bad) => string.Join(", ", bad.GroupBy(s => (s.Status, _phases[s.Phase].Name))
            .OrderByDescending(g => g.Count()).Select(g => $"{StatusLabel(g.Key.Status)} ×{g.Count()} in {g.Key.Name}"));
        var fiveHundreds = samples.Where(s => s.Status is >= 500 and < 600 and not 503).ToList();
        Check(fiveHundreds.Count == 0, "no 500 (nor any 5xx other than 503) at any time", Listing(fiveHundreds));
        var outage = samples.Where(s => _phases[s.Phase].Kind != "steady" && !s.OutageAnswer).ToList();
        Check(outage.Count == 0, "during the outages and recoveries only 503, 429, connection errors or timeouts (or 2xx)", Listing(outage));
        var steadyPhases = _phases.Where(x => x.Kind == "steady").ToList();
        var steady = samples.Where(s => _phases[s.Phase].Kind == "steady" && !s.Ok).ToList();
        Check(steady.Count == 0, $"in the steady phases ({string.Join(", ", steadyPhases.Select(x => x.Name))}) only 2xx/304", Listing(steady));
        var idle = steadyPhases.Where(x => samples.All(s => _phases[s.Phase] != x)).Select(x => x.Name).ToList();
        Check(idle.Count == 0, "every steady phase carried load", $"no request in {string.Join(", ", idle)}");
        Check(_issued == _recorded, $"every request sent got an answer or a client-side error ({_issued} sent, {_recorded} accounted for)",
            $"{_issued - _recorded} requests unaccounted for");
        var unavailable = samples.Count(s => s.Status == 503);
        var bare = samples.Count(s => s.Status == 503 && !s.RetryAfter);
        o.WriteLine(bare == 0
            ? $"INFO  every 503 carried Retry-After ({unavailable})"
            : $"WARN  {bare} of {unavailable} 503 answers carried no Retry-After");
        foreach (var fault in _phases.Where(x => x.Kind == "fault"))
            if (samples.Where(s => _phases[s.Phase] == fault).All(s => s.Ok))
                o.WriteLine($"WARN  {fault.Name}: the load saw no failure at all during the fault");
        return failed ? 1 : 0;
    }
}
