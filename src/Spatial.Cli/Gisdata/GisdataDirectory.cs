namespace Spatial.Cli.Gisdata;

public static class GisdataDirectory
{
    /// <summary>
    /// The gisdata folder: the given one, else SPATIAL_GISDATA, else the nearest 'gisdata' above the
    /// working directory or the program (a clone run from anywhere inside it finds its own data).
    /// </summary>
    public static string Resolve(string? given)
    {
        var explicitDirectory = given ?? Environment.GetEnvironmentVariable("SPATIAL_GISDATA");
        if (!string.IsNullOrEmpty(explicitDirectory))
            return IsGisdata(explicitDirectory)
                ? Path.GetFullPath(explicitDirectory)
                : throw new DirectoryNotFoundException($"{explicitDirectory} is not a gisdata folder (no plan/plans.json)");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "gisdata");
                if (IsGisdata(candidate)) return candidate;
            }
        }
        throw new DirectoryNotFoundException("no gisdata folder found; pass --gisdata DIR or set SPATIAL_GISDATA");
    }

    private static bool IsGisdata(string directory) => File.Exists(Path.Combine(directory, "plan", "plans.json"));
}
