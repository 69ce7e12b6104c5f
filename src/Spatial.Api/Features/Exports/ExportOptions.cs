namespace Spatial.Api.Features.Exports;

/// <summary>Settings <c>Spatial:Exports:…</c> of the file exports (GeoPackage, Shapefile, KML, DXF and the command line's CSV/GeoJSON).</summary>
public sealed class ExportOptions
{
    public const string Section = "Spatial:Exports";

    /// <summary>Features in one export; a filter matching more is refused before anything is written.</summary>
    public int MaxFeatures { get; set; } = 100_000;

    /// <summary>Exports converted by ogr2ogr at once in this process; one more is a 503 with Retry-After.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>The ogr2ogr program (Debian gdal-bin), a name on PATH or a full path.</summary>
    public string Ogr2ogr { get; set; } = "ogr2ogr";

    /// <summary>Where each export gets its private folder, removed when the export ends; empty is the system's temp folder.</summary>
    public string TempDirectory { get; set; } = "";

    public static ExportOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ExportOptions>() ?? new ExportOptions();
        if (options.MaxFeatures < 1) throw new InvalidOperationException($"{Section}:MaxFeatures must be at least 1 (found {options.MaxFeatures}).");
        if (options.MaxConcurrent < 1) throw new InvalidOperationException($"{Section}:MaxConcurrent must be at least 1 (found {options.MaxConcurrent}).");
        if (string.IsNullOrWhiteSpace(options.Ogr2ogr)) throw new InvalidOperationException($"{Section}:Ogr2ogr must name the ogr2ogr program.");
        return options;
    }
}
