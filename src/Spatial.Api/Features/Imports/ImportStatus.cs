namespace Spatial.Api.Features.Imports;

/// <summary>Where an import is: waiting, reading the file, checking, writing, or how it ended (the <c>import_statuses</c> table).</summary>
public enum ImportStatus { Queued, Reading, Checking, Writing, Succeeded, Rejected, Failed, Reverted }

public static class ImportStatuses
{
    public static string Code(this ImportStatus status) => status.ToString().ToLowerInvariant();

    public static ImportStatus Parse(string code) => Enum.Parse<ImportStatus>(code, ignoreCase: true);

    /// <summary>The states of an import still in progress: left so at start-up, it was cut off by a stop or a crash.</summary>
    public static readonly string[] Running = [ImportStatus.Queued.Code(), ImportStatus.Reading.Code(), ImportStatus.Checking.Code(), ImportStatus.Writing.Code()];
}
