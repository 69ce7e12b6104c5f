namespace Spatial.Api.Features.Imports;

/// <summary>Settings <c>Spatial:Imports:*</c>: the upload and zip limits, when an import answers 202, how many run at once, its batches.</summary>
public sealed class ImportSettings
{
    public const string Section = "Spatial:Imports";

    /// <summary>The largest file accepted (413 above).</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>What all entries of a zip (Shapefile, KMZ, XLSX) may unpack to together (413 above).</summary>
    public long MaxUnzippedBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Entries of one zip (400 above).</summary>
    public int MaxZipEntries { get; set; } = 1000;

    /// <summary>A file larger than this is imported in the background: 202 and Location, as with <c>Prefer: respond-async</c>.</summary>
    public long AsyncAboveBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Imports running at once; more wait as <c>queued</c>.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>
    /// Features per batch while checking and writing: after each batch the import's <c>counts.done</c> moves on. Larger
    /// batches mean fewer statements, smaller ones a finer progress bar.
    /// </summary>
    public int BatchFeatures { get; set; } = 500;

    /// <summary>Where uploads are spooled (a private directory per import, removed afterwards); the system's temp directory by default.</summary>
    public string? SpoolDirectory { get; set; }

    public static ImportSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<ImportSettings>() ?? new ImportSettings();
        if (settings.MaxUploadBytes < 1 || settings.MaxUnzippedBytes < 1 || settings.MaxZipEntries < 1 || settings.AsyncAboveBytes < 0)
            throw new InvalidOperationException($"{Section}: the limits must be positive.");
        if (settings.MaxConcurrent is < 1 or > 32) throw new InvalidOperationException($"{Section}:MaxConcurrent must be from 1 to 32.");
        if (settings.BatchFeatures is < 1 or > 100_000) throw new InvalidOperationException($"{Section}:BatchFeatures must be from 1 to 100000.");
        return settings;
    }
}
