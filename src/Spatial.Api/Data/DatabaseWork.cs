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
    /// <summary>Lookups per core when <see cref="Concurrency"/> is not set (bench/results/read-gate.md measured the choice).</summary>
    public const int DefaultStatementsPerCore = 4;

    /// <summary>
    /// Page statements per core when neither <see cref="PageConcurrency"/> nor <see cref="Concurrency"/> is set: twice the
    /// lookups', because at 4 per core the bbox page lost ≈ 25 % of its p99 (bench/results/read-gate.md, read-path-2.md).
    /// </summary>
    public const int DefaultPageStatementsPerCore = 8;

    /// <summary>Setting <c>Spatial:Work:Reads:Concurrency</c>: lookups by id at once; pages too unless <see cref="PageConcurrency"/> is set.</summary>
    public int? Concurrency { get; set; }

    /// <summary>Setting <c>Spatial:Work:Reads:PageConcurrency</c>: page statements at once; unset, <see cref="Concurrency"/>, else <see cref="DefaultPageStatementsPerCore"/> per core, at most <see cref="WorkLimits.Connections"/>.</summary>
    public int? PageConcurrency { get; set; }

    /// <summary>Lookups at once (<see cref="ReadStatement.Lookup"/>).</summary>
    public int StatementsAtOnce => Concurrency ?? Math.Min(Connections, DefaultStatementsPerCore * Environment.ProcessorCount);

    /// <summary>Pages at once (<see cref="ReadStatement.Page"/>).</summary>
    public int PageStatementsAtOnce => PageConcurrency ?? Concurrency ?? Math.Min(Connections, DefaultPageStatementsPerCore * Environment.ProcessorCount);
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
        foreach (var (name, value) in new[] { ("Concurrency", options.Reads.Concurrency), ("PageConcurrency", options.Reads.PageConcurrency) })
            if (value is { } concurrency && (concurrency < 1 || concurrency > options.Reads.Connections))
                throw new InvalidOperationException(
                    $"{Section}:Reads:{name} must be from 1 to {Section}:Reads:Connections ({options.Reads.Connections}) (found {concurrency}).");
        return options;
    }
}
