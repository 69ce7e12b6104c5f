using Spatial.Api.Tests.Features.Editing;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>A database of the import class's own (schema, gisdata, a key per role) and the service on it: imports write rows.</summary>
public sealed class ImportsFixture : EditingFixture;

/// <summary>
/// The same with small limits: files above 2 KiB run in the background, one import at a time, 1 MiB uploads and zips of
/// 20 entries, batches of 10 features.
/// </summary>
public sealed class SmallLimitsFixture : EditingFixture
{
    public const int AsyncAboveBytes = 2048;
    public const int MaxBytes = 1024 * 1024;
    public const int MaxZipEntries = 20;
    public const int BatchFeatures = 10;

    /// <summary>This service's own spool, to see that every path leaves it empty.</summary>
    public string Spool { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "spatial-import-spool-" + Guid.NewGuid().ToString("N"))).FullName;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spatial:Imports:AsyncAboveBytes"] = AsyncAboveBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Spatial:Imports:MaxConcurrent"] = "1",
        ["Spatial:Imports:MaxUploadBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Spatial:Imports:MaxUnzippedBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Spatial:Imports:SpoolDirectory"] = Spool,
        ["Spatial:Imports:MaxZipEntries"] = MaxZipEntries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Spatial:Imports:BatchFeatures"] = BatchFeatures.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
