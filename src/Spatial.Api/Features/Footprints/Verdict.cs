namespace Spatial.Api.Features.Footprints;

/// <summary>The outcome of a check, and the weight of each of its reasons: the worst reason decides the verdict.</summary>
public enum Verdict { Pass, Warn, Fail }

public static class Verdicts
{
    /// <summary>The verdict as every output writes it (JSON, CSV, HTML, the command line): pass, warn, fail.</summary>
    public static string Code(this Verdict verdict) => verdict.ToString().ToLowerInvariant();

    public static Verdict Worst(IEnumerable<Reason> reasons) => reasons.Select(r => r.Severity).DefaultIfEmpty(Verdict.Pass).Max();
}
