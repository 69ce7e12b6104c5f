namespace Spatial.Api.Data;

/// <summary>
/// The kinds of work the service asks of PostgreSQL. Each kind has its own connection pool and its own
/// deadline, so a burst of footprint checks cannot take the connections that map pages need.
/// </summary>
public enum DatabaseWork
{
    Reads,
    FootprintChecks,
    Exports,
    Edits,
    Imports,
    Admin,
}

/// <summary>One kind of work's limits: the statement timeout (and request deadline) and the pool size.</summary>
public class WorkLimits
{
    public TimeSpan Deadline { get; set; }
    public int Connections { get; set; }
}

/// <summary>The reads' limits, and how many of their statements run at once, lookups and pages apart (<see cref="ReadGate"/>).</summary>
public sealed class ReadLimits : WorkLimits
{
    /// <summary>
    /// Statements per core in each lane when it is not set: on 2 cores at most 4 lookups and 4 pages (or tiles being made) in
    /// PostgreSQL. At 2 per core the bbox page's p99 was 55–58 ms against 93–112 at 4 per core and 90–128 with no gate, at
    /// the same requests a second, and one item by id's 13–15 ms against 18–41; 1 per core cost the pages throughput
    /// (bench/results/compare-2026-12-04-stop29.md).
    /// </summary>
    public const int DefaultStatementsPerCore = 2;

    /// <summary>Setting <c>Spatial:Work:Reads:Concurrency</c>: lookups by id at once; when <see cref="PageConcurrency"/> is not set, as many pages again.</summary>
    public int? Concurrency { get; set; }

    /// <summary>Setting <c>Spatial:Work:Reads:PageConcurrency</c>: page statements at once (GeoJSON and HTML pages, tiles not in the cache).</summary>
    public int? PageConcurrency { get; set; }

    /// <summary>Lookups at once (<see cref="ReadStatement.Lookup"/>): by default half the pool at most.</summary>
    public int StatementsAtOnce => Concurrency ?? Math.Max(1, Math.Min(Connections / 2, DefaultStatementsPerCore * Environment.ProcessorCount));

    /// <summary>Pages at once (<see cref="ReadStatement.Page"/>): by default the rest of the pool at most.</summary>
    public int PageStatementsAtOnce =>
        PageConcurrency ?? Concurrency ?? Math.Max(1, Math.Min(Connections - StatementsAtOnce, DefaultStatementsPerCore * Environment.ProcessorCount));

    /// <summary>The setting that decides the pages' places, for the messages that name it.</summary>
    public string PageSetting => PageConcurrency is null && Concurrency is not null ? "Concurrency" : "PageConcurrency";
}

/// <summary>Settings <c>Spatial:Work:&lt;Kind&gt;:Deadline</c> and <c>…:Connections</c> (and <c>Spatial:Work:Reads:Concurrency</c>, <c>…:PageConcurrency</c>); defaults below.</summary>
public sealed class DatabaseWorkOptions
{
    public const string Section = "Spatial:Work";

    public ReadLimits Reads { get; set; } = new() { Deadline = TimeSpan.FromSeconds(15), Connections = 40 };
    public WorkLimits FootprintChecks { get; set; } = new() { Deadline = TimeSpan.FromSeconds(30), Connections = 8 };
    public WorkLimits Exports { get; set; } = new() { Deadline = TimeSpan.FromMinutes(2), Connections = 4 };
    public WorkLimits Edits { get; set; } = new() { Deadline = TimeSpan.FromSeconds(30), Connections = 8 };
    public WorkLimits Imports { get; set; } = new() { Deadline = TimeSpan.FromMinutes(10), Connections = 4 };
    public WorkLimits Admin { get; set; } = new() { Deadline = TimeSpan.FromMinutes(10), Connections = 2 };

    public WorkLimits For(DatabaseWork work) => work switch
    {
        DatabaseWork.Reads => Reads,
        DatabaseWork.FootprintChecks => FootprintChecks,
        DatabaseWork.Exports => Exports,
        DatabaseWork.Edits => Edits,
        DatabaseWork.Imports => Imports,
        DatabaseWork.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(work), work, null),
    };

    public static DatabaseWorkOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DatabaseWorkOptions>() ?? new DatabaseWorkOptions();
        foreach (var work in Enum.GetValues<DatabaseWork>())
        {
            var limits = options.For(work);
            if (limits.Deadline <= TimeSpan.Zero || limits.Deadline > TimeSpan.FromHours(1))
                throw new InvalidOperationException($"{Section}:{work}:Deadline must be more than 0 and at most 1 hour (found {limits.Deadline}).");
            if (limits.Connections is < 1 or > 500)
                throw new InvalidOperationException($"{Section}:{work}:Connections must be from 1 to 500 (found {limits.Connections}).");
        }
        var reads = options.Reads;
        foreach (var (name, value) in new[] { ("Concurrency", reads.Concurrency), ("PageConcurrency", reads.PageConcurrency) })
            if (value is { } concurrency && (concurrency < 1 || concurrency > reads.Connections))
                throw new InvalidOperationException(
                    $"{Section}:Reads:{name} must be from 1 to {Section}:Reads:Connections ({reads.Connections}) (found {concurrency}).");
        // A request waiting in the gate holds no connection, and every statement let through must find one in the pool.
        if (reads.StatementsAtOnce + reads.PageStatementsAtOnce > reads.Connections)
            throw new InvalidOperationException(
                $"{Section}:Reads: {reads.StatementsAtOnce} lookups (Concurrency) and {reads.PageStatementsAtOnce} pages ({reads.PageSetting}) at once need " +
                $"{reads.StatementsAtOnce + reads.PageStatementsAtOnce} connections; {Section}:Reads:Connections is {reads.Connections}.");
        return options;
    }
}
