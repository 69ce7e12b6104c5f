using System.Security.Cryptography;

namespace Spatial.Api.Features.Exports;

/// <summary>
/// The private folder one export works in (owner-only, a random name under the configured temp folder):
/// the spooled features, the VRT, ogr2ogr's output. Disposing removes it with everything in it, whichever
/// way the export ended.
/// </summary>
public sealed class ExportFolder : IDisposable
{
    public const string Prefix = "spatial-export-";

    private ExportFolder(string path) => Path = path;

    public string Path { get; }

    public static ExportFolder Create(string parent)
    {
        var root = string.IsNullOrWhiteSpace(parent) ? System.IO.Path.GetTempPath() : parent;
        var path = System.IO.Path.Combine(root, Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new ExportFolder(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
